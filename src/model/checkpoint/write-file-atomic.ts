import { open } from "node:fs/promises";
import { dirname } from "node:path";
import writeFileAtomicLib from "write-file-atomic";

// model imports nothing of toolgym's (not core's writeFileAtomic either), so it calls the
// write-file-atomic package itself; what that package leaves to its caller is done here.

/**
 * Writes a file so that readers see either the old content or the complete new one, never a
 * torn file, even if the process or the machine dies midway. write-file-atomic writes a
 * temporary file beside it, fsyncs and renames it over (removing it if the write fails or the
 * process dies first); the directory is then fsynced so that the rename itself survives a crash.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeFileAtomicLib(
    path,
    typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  );
  await syncDirectory(dirname(path));
}

/** fsyncs a directory's entries; a no-op where directories cannot be opened (Windows). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL") throw error;
  } finally {
    await handle?.close();
  }
}
