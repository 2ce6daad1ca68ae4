import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs a Python 3 script (standard library only, as CI has it) with `input` as JSON in the
 * file named by its first argument; returns what it printed as JSON.
 */
export function runPython(
  script: string,
  input: unknown,
  env: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests check what the script printed with expect
): Promise<any> {
  const dir = mkdtempSync(join(tmpdir(), "toolgym-py-"));
  writeFileSync(join(dir, "script.py"), script);
  writeFileSync(join(dir, "input.json"), JSON.stringify(input));
  return new Promise((resolve, reject) => {
    execFile(
      "python3",
      [join(dir, "script.py"), join(dir, "input.json")],
      { env: { ...process.env, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`python3 failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}
