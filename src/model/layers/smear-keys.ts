import { sigmoid } from "./copy-head.js";

/**
 * Smeared keys (see `ModelConfig.smearKeys`): each head's key at position t becomes
 * k'_t = g·k_t + (1 − g)·k_{t−1}, g = sigmoid(s) per head, and k'_0 = k_0. It works on the keys
 * in c_attn's output rows (q | k | v along channels) in place, before the attention reads them;
 * a bias added to every key after the smear gives the same keys as one added before, since the
 * two weights sum to 1. Element-wise and O(B·T·C), so plain loops: no kernel would pay its call.
 *
 * Shapes: B = batch, T = time, C = channels; H = heads, D = C / H.
 */

/** sigmoid(s) of each head's gate. */
export function smearGates(smear: Float32Array): Float64Array {
  return Float64Array.from(smear, sigmoid);
}

export interface SmearKeysForward {
  /** @param qkv (B, T, 3C) c_attn output; its keys are smeared in place */
  readonly qkv: Float32Array;
  /** @param kraw (B, T, C) written: the keys before smearing, for the backward pass */
  readonly kraw: Float32Array;
  /** @param smear (H) the gates before the sigmoid */
  readonly smear: Float32Array;
  readonly B: number;
  readonly T: number;
  readonly C: number;
  readonly H: number;
}

export function smearKeysForward({ qkv, kraw, smear, B, T, C, H }: SmearKeysForward): void {
  const D = C / H;
  const gates = smearGates(smear);
  for (let b = 0; b < B; b++) {
    // From the last position down, so k_{t−1} is still the unsmeared key when t reads it.
    for (let t = T - 1; t >= 0; t--) {
      const n = b * T + t;
      const row = n * 3 * C + C;
      kraw.set(qkv.subarray(row, row + C), n * C);
      if (t === 0) continue;
      const prev = row - 3 * C;
      for (let h = 0; h < H; h++) {
        const g = gates[h];
        for (let i = h * D; i < (h + 1) * D; i++) {
          qkv[row + i] = g * qkv[row + i] + (1 - g) * qkv[prev + i];
        }
      }
    }
  }
}

export interface SmearKeysBackward {
  /** @param dqkv (B, T, 3C) ∂loss/∂(smeared c_attn output); its key part becomes ∂/∂(raw keys) */
  readonly dqkv: Float32Array;
  /** @param kraw (B, T, C) the keys before smearing, from the forward pass */
  readonly kraw: Float32Array;
  /** @param smear (H) the gates before the sigmoid */
  readonly smear: Float32Array;
  /** @param dsmear (H) += ∂loss/∂smear */
  readonly dsmear: Float32Array;
  readonly B: number;
  readonly T: number;
  readonly C: number;
  readonly H: number;
}

export function smearKeysBackward(args: SmearKeysBackward): void {
  const { dqkv, kraw, smear, dsmear, B, T, C, H } = args;
  const D = C / H;
  const gates = smearGates(smear);
  const dg = new Float64Array(H);
  for (let b = 0; b < B; b++) {
    // From the first position up: row t needs ∂/∂k'_{t+1}, which is rewritten only after it.
    for (let t = 0; t < T; t++) {
      const n = b * T + t;
      const row = n * 3 * C + C;
      const next = t + 1 < T ? row + 3 * C : -1;
      for (let h = 0; h < H; h++) {
        const g = gates[h];
        const own = t === 0 ? 1 : g;
        let dgh = 0;
        for (let i = h * D; i < (h + 1) * D; i++) {
          const dk = dqkv[row + i];
          if (t > 0) dgh += dk * (kraw[n * C + i] - kraw[(n - 1) * C + i]);
          dqkv[row + i] = own * dk + (next < 0 ? 0 : (1 - g) * dqkv[next + i]);
        }
        dg[h] += dgh;
      }
    }
  }
  for (let h = 0; h < H; h++) dsmear[h] += dg[h] * gates[h] * (1 - gates[h]);
}

export interface SmearKeysDecode {
  /** @param qkv (R, 3C) c_attn output of the rows fed this step, bias included; keys smeared in place */
  readonly qkv: Float32Array;
  /** @param kraw (S, L, C) every slot's keys before smearing; row r's is written at its position */
  readonly kraw: Float32Array;
  /** @param smear (H) the gates before the sigmoid */
  readonly smear: Float32Array;
  /** @param seqs (R) which cache slot each row continues */
  readonly seqs: Int32Array;
  /** @param positions (R) each row's position; rows of one slot come in increasing positions */
  readonly positions: Int32Array;
  readonly R: number;
  readonly C: number;
  readonly H: number;
  /** Positions per slot. */
  readonly L: number;
}

/**
 * The decode step's smear: a row's previous key is its slot's raw key one position back, kept in
 * `kraw` — written by an earlier step, or by an earlier row of this one (a prefilled run).
 */
export function smearKeysDecode({
  qkv,
  kraw,
  smear,
  seqs,
  positions,
  R,
  C,
  H,
  L,
}: SmearKeysDecode): void {
  const D = C / H;
  const gates = smearGates(smear);
  for (let r = 0; r < R; r++) {
    const row = r * 3 * C + C;
    const p = positions[r];
    const at = (seqs[r] * L + p) * C;
    kraw.set(qkv.subarray(row, row + C), at);
    if (p === 0) continue;
    const prev = at - C;
    for (let h = 0; h < H; h++) {
      const g = gates[h];
      for (let i = h * D; i < (h + 1) * D; i++) {
        qkv[row + i] = g * qkv[row + i] + (1 - g) * kraw[prev + i];
      }
    }
  }
}
