import { ToolgymError } from "./toolgym-error.js";

/** A record on disk that does not parse or does not match its schema. */
export class DataFormatError extends ToolgymError {
  override readonly name = "DataFormatError";
  readonly file: string;
  /** 1-based line number for JSONL, undefined for whole-file formats. */
  readonly line: number | undefined;
  /** Dotted path of the offending field, e.g. `tools.0.function.name`. */
  readonly field: string | undefined;
  readonly reason: string;

  constructor(options: { file: string; line?: number; field?: string; reason: string }) {
    const where = options.line === undefined ? options.file : `${options.file}:${options.line}`;
    const field = options.field ? ` field "${options.field}"` : "";
    super(`${where}:${field} ${options.reason}`);
    this.file = options.file;
    this.line = options.line;
    this.field = options.field;
    this.reason = options.reason;
  }
}
