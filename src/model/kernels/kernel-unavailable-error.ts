/**
 * A kernel was asked for by name (option or TOOLGYM_KERNEL) but cannot be loaded on this
 * machine; the message says why and how to get it.
 */
export class KernelUnavailableError extends Error {
  override readonly name = "KernelUnavailableError";
  readonly kernel: string;
  readonly reason: string;

  constructor(kernel: string, reason: string, remedy: string) {
    super(`The "${kernel}" matrix kernel is not available: ${reason}. ${remedy}`);
    this.kernel = kernel;
    this.reason = reason;
  }
}
