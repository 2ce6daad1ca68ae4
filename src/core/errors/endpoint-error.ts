import { ToolgymError } from "./toolgym-error.js";

/** A model endpoint that kept failing after its retries. */
export class EndpointError extends ToolgymError {
  override readonly name = "EndpointError";
  readonly url: string;
  readonly attempts: number;
  readonly status: number | undefined;

  constructor(options: {
    url: string;
    attempts: number;
    status?: number;
    cause?: unknown;
    detail: string;
  }) {
    super(
      `${options.url}: ${options.detail} (after ${options.attempts} attempt${options.attempts === 1 ? "" : "s"})`,
      { cause: options.cause },
    );
    this.url = options.url;
    this.attempts = options.attempts;
    this.status = options.status;
  }
}
