import { CheckpointMismatchError, type ShapeMismatch } from "./checkpoint-mismatch-error.js";
import type { TensorMap } from "./tensor.js";

/**
 * Checks that `tensors` holds exactly the names of `expected`, each with the expected shape.
 * @param path names the checkpoint in the error
 * @throws CheckpointMismatchError listing every missing, unexpected and mis-shaped tensor
 */
export function checkTensorShapes(
  tensors: TensorMap,
  expected: Readonly<Record<string, readonly number[]>>,
  path: string,
): void {
  const has = (map: object, name: string): boolean => Object.hasOwn(map, name);
  const missing = Object.keys(expected)
    .filter((name) => !has(tensors, name))
    .sort();
  const unexpected = Object.keys(tensors)
    .filter((name) => !has(expected, name))
    .sort();
  const wrongShape: ShapeMismatch[] = Object.keys(expected)
    .filter((name) => has(tensors, name))
    .sort()
    .flatMap((name) => {
      const actual = tensors[name].shape;
      const want = expected[name];
      const same = actual.length === want.length && actual.every((d, i) => d === want[i]);
      return same ? [] : [{ name, expected: want, actual }];
    });
  if (missing.length + unexpected.length + wrongShape.length > 0) {
    throw new CheckpointMismatchError({ path, missing, unexpected, wrongShape });
  }
}
