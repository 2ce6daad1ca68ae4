import { ToolgymError } from "./toolgym-error.js";

/** An option or configuration value that cannot work; the message says which and what to do. */
export class ConfigError extends ToolgymError {
  override readonly name = "ConfigError";
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.option = option;
  }
}
