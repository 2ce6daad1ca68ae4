/**
 * A request the server refuses, with its HTTP status; `field` names the part of the request at
 * fault (`labels[2]`, `session_id`), so the client's error message says what to fix. Thrown by
 * route handlers and answered by `startJsonServer`; it never reaches the operator.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  readonly field: string | undefined;

  constructor(status: number, message: string, field?: string) {
    super(field === undefined ? message : `${field}: ${message}`);
    this.status = status;
    this.field = field;
  }
}
