// Appends three 600-byte records with core's JsonlAppender to the file named by argv[2] and
// prints, per record, "ok" or the error's name and code — run under `ulimit -f 1` (a 1 KiB
// file-size limit), where the system takes the second write only in part.
import { JsonlAppender } from "../jsonl-appender.js";

const appender = new JsonlAppender(process.argv[2]!);
for (let i = 0; i < 3; i++) {
  try {
    appender.append({ id: `r${i}`, text: "x".repeat(580) });
    process.stdout.write("ok\n");
  } catch (error) {
    const { name, code } = error as { name: string; code?: string };
    process.stdout.write(`${name} ${code}\n`);
  }
}
appender.close();
