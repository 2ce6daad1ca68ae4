import { SeededRng } from "../../model/index.js";
import { deriveSeed, RNG_STREAMS } from "./derive-seed.js";

export interface DataCursor {
  /** Passes over the data completed. */
  readonly epoch: number;
  /** Next position in this epoch's shuffled order. */
  readonly index: number;
}

/**
 * The next `count` item indices of a dataset of `size` items, in epochs: each epoch visits
 * every item once, in an order shuffled by `deriveSeed(seed, dataOrder, epoch)`; a batch that
 * runs past the end continues in the next epoch. Pure: the cursor is the whole state.
 *
 * @example
 * let cursor = { epoch: 0, index: 0 };
 * ({ indices, cursor } = takeBatch({ cursor, count: 16, size: data.length, seed }));
 */
export function takeBatch({
  cursor,
  count,
  size,
  seed,
}: {
  cursor: DataCursor;
  count: number;
  size: number;
  seed: number;
}): { indices: number[]; cursor: DataCursor } {
  if (size <= 0) throw new RangeError("takeBatch: the dataset is empty");
  let { epoch, index } = cursor;
  let order = epochOrder(size, seed, epoch);
  const indices: number[] = [];
  while (indices.length < count) {
    if (index >= size) {
      epoch++;
      index = 0;
      order = epochOrder(size, seed, epoch);
    }
    indices.push(order[index++]);
  }
  return { indices, cursor: { epoch, index } };
}

/** A Fisher–Yates shuffle of 0 … size−1 for `epoch`. */
function epochOrder(size: number, seed: number, epoch: number): Int32Array {
  const order = Int32Array.from({ length: size }, (_, i) => i);
  const rng = new SeededRng(deriveSeed(seed, RNG_STREAMS.dataOrder, epoch));
  for (let i = size - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
