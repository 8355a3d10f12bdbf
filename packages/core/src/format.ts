/**
 * Human formatting at the edge: 1.23 ms, 80 GB, 3.35 TB/s. Decimal (SI) prefixes throughout,
 * as datasheets use them.
 * @module
 */

const PREFIX = ["", "k", "M", "G", "T", "P", "E"];

/** Three significant digits, trailing zeros trimmed. */
export function sig3(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  const d = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(a)));
  return x.toFixed(d).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

function withPrefix(x: number, unit: string): string {
  if (!Number.isFinite(x)) return `${x} ${unit}`;
  let i = 0;
  let v = x;
  while (Math.abs(v) >= 1000 && i < PREFIX.length - 1) {
    v /= 1000;
    i++;
  }
  return `${sig3(v)} ${PREFIX[i]}${unit}`;
}

export const formatBytes = (b: number) => withPrefix(b, "B");
export const formatBandwidth = (bps: number) => withPrefix(bps, "B/s");
export const formatFlops = (f: number) => withPrefix(f, "FLOP/s");

/** Seconds → "812 µs", "1.23 ms", "2.5 s". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  const a = Math.abs(s);
  if (a < 1e-3) return `${sig3(s * 1e6)} µs`;
  if (a < 1) return `${sig3(s * 1e3)} ms`;
  return `${sig3(s)} s`;
}

/** A simulated latency in milliseconds ("412.5 ms" at `digits`, as given without), or "none measured" when no request produced it (null). */
export function formatMs(ms: number | null, digits?: number): string {
  if (ms === null) return "none measured";
  return `${digits === undefined ? ms : ms.toFixed(digits)} ms`;
}

/** Integer with thousands separators: 12345 → "12,345". */
export const formatInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : String(n));

/** A count like 70.6e9 → "70.6B". */
export function formatCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e12) return `${sig3(n / 1e12)}T`;
  if (a >= 1e9) return `${sig3(n / 1e9)}B`;
  if (a >= 1e6) return `${sig3(n / 1e6)}M`;
  if (a >= 1e3) return `${sig3(n / 1e3)}k`;
  return sig3(n);
}

/** `x` rounded to `digits` decimal places (numbers in JSON output: 12.3456 → 12.346 at 3). */
export function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
