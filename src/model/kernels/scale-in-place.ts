/**
 * x[0 : length] = beta · x: what a product with k = 0 or alpha = 0 reduces to. beta 0 writes
 * zeros without reading x (which may hold NaN), as BLAS does.
 */
export function scaleInPlace(x: Float32Array, length: number, beta: number): void {
  if (beta === 1) return;
  if (beta === 0) {
    x.fill(0, 0, length);
    return;
  }
  for (let i = 0; i < length; i++) x[i] *= beta;
}
