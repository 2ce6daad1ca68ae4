/**
 * A checkpoint file that cannot be read: a safetensors file whose header or offsets are broken,
 * a tensor of an unsupported dtype or inconsistent size, or a config.json that is not a JSON
 * object. `tensor` names the tensor at fault when there is one.
 */
export class CheckpointFormatError extends Error {
  override readonly name = "CheckpointFormatError";
  readonly path: string;
  readonly tensor: string | undefined;
  readonly reason: string;

  constructor({ path, tensor, reason }: { path: string; tensor?: string; reason: string }) {
    super(`${path}: ${tensor === undefined ? "" : `tensor ${JSON.stringify(tensor)}: `}${reason}`);
    this.path = path;
    this.tensor = tensor;
    this.reason = reason;
  }
}
