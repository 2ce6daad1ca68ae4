import type { Interval } from "./confidence-interval.js";
import { html, type SafeHtml } from "./html.js";

/**
 * A number as the page prints it: 3 decimals below 10 (shares, F1, rewards, losses), 4
 * significant digits up to 10⁶ (tokens/s, seconds), exponent form beyond and for tiny values
 * (learning rates). The tests read numbers back through this same function.
 */
export function formatNumber(x: number | undefined | null): string {
  if (x === undefined || x === null || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const a = Math.abs(x);
  if (a !== 0 && a < 1e-3) return x.toExponential(2);
  if (a < 10) return x.toFixed(3);
  if (a < 1e6) return String(Number(x.toPrecision(4)));
  return x.toExponential(3);
}

/** A value as it is, not an estimate: counts and flags exactly, other numbers by `formatNumber`. */
export function formatValue(x: number | boolean | null | undefined): string {
  if (typeof x === "boolean") return String(x);
  if (typeof x === "number" && Number.isInteger(x)) return String(x);
  return formatNumber(x);
}

/** An estimate with its 95% interval: `0.412 [0.351, 0.470]`, marked up for the tables. */
export function formatInterval(interval: Interval): SafeHtml {
  const { estimate, low, high } = interval;
  const ci = Number.isNaN(low) ? "" : `[${formatNumber(low)}, ${formatNumber(high)}]`;
  return html`<span class="est">${formatNumber(estimate)}</span>${ci && html` <span class="ci">${ci}</span>`}`;
}
