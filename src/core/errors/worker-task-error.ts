import { ToolgymError } from "./toolgym-error.js";

/**
 * An error thrown in a worker thread while it worked on one item (an environment, an
 * episode), carried back to the main thread with the item's id and the original error's name.
 */
export class WorkerTaskError extends ToolgymError {
  override readonly name = "WorkerTaskError";
  readonly itemId: string;
  readonly causeName: string;

  constructor(itemId: string, causeName: string, message: string) {
    super(`${itemId}: ${causeName}: ${message}`);
    this.itemId = itemId;
    this.causeName = causeName;
  }
}
