/**
 * Builds a safetensors file by hand from a header object and raw data bytes — no padding, no
 * checks — so tests can make exactly the (broken) files they need.
 */
export function safetensorsBytes(
  header: unknown,
  data: Uint8Array | readonly number[] = [],
  { headerLength }: { headerLength?: bigint } = {},
): Uint8Array {
  const json = new TextEncoder().encode(
    typeof header === "string" ? header : JSON.stringify(header),
  );
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}
