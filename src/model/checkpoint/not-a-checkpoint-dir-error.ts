/**
 * Refusal to replace a directory that does not look like a checkpoint: writing a checkpoint
 * swaps the whole directory, which would delete whatever else it holds.
 */
export class NotACheckpointDirError extends Error {
  override readonly name = "NotACheckpointDirError";
  readonly dir: string;
  /** The entries that are not checkpoint files. */
  readonly foreignEntries: readonly string[];

  constructor({ dir, foreignEntries }: { dir: string; foreignEntries: readonly string[] }) {
    super(
      foreignEntries.length === 0
        ? `${dir} exists and is not a directory; refusing to replace it with a checkpoint`
        : `${dir} holds files that are not part of a checkpoint (${foreignEntries.join(", ")}); ` +
            "refusing to replace it — choose another directory or remove them",
    );
    this.dir = dir;
    this.foreignEntries = foreignEntries;
  }
}
