/**
 * Branded SI quantities. Inside the core every number is in SI base units (bytes, FLOP, seconds,
 * watts, US dollars); the brand makes mixing them a compile error. Convert only at the edges:
 * these constructors on the way in, `format.ts` on the way out.
 * @module
 */

declare const unitBrand: unique symbol;
/** A number carrying its unit in the type. */
export type Quantity<U extends string> = number & { readonly [unitBrand]: U };

export type Bytes = Quantity<"B">;
export type Flops = Quantity<"FLOP">;
export type Seconds = Quantity<"s">;
export type BytesPerSecond = Quantity<"B/s">;
export type FlopsPerSecond = Quantity<"FLOP/s">;
export type Watts = Quantity<"W">;
export type Joules = Quantity<"J">;
export type Usd = Quantity<"USD">;
export type UsdPerHour = Quantity<"USD/h">;

// ---- constructors (datasheet units in, SI out) ----
export const bytes = (n: number) => n as Bytes;
export const kb = (n: number) => (n * 1e3) as Bytes;
export const mb = (n: number) => (n * 1e6) as Bytes;
export const gb = (n: number) => (n * 1e9) as Bytes;
export const gib = (n: number) => (n * 2 ** 30) as Bytes;
export const tb = (n: number) => (n * 1e12) as Bytes;

export const flops = (n: number) => n as Flops;
export const flopsPerSecond = (n: number) => n as FlopsPerSecond;
export const tflops = (n: number) => (n * 1e12) as FlopsPerSecond;
export const pflops = (n: number) => (n * 1e15) as FlopsPerSecond;

export const bytesPerSecond = (n: number) => n as BytesPerSecond;
export const gbps = (n: number) => (n * 1e9) as BytesPerSecond; // GB/s
export const gbitps = (n: number) => ((n * 1e9) / 8) as BytesPerSecond; // Gbit/s
export const tbps = (n: number) => (n * 1e12) as BytesPerSecond; // TB/s

export const seconds = (n: number) => n as Seconds;
export const ms = (n: number) => (n * 1e-3) as Seconds;
export const us = (n: number) => (n * 1e-6) as Seconds;
export const ns = (n: number) => (n * 1e-9) as Seconds;

export const watts = (n: number) => n as Watts;
export const kw = (n: number) => (n * 1e3) as Watts;
export const joules = (n: number) => n as Joules;
export const usd = (n: number) => n as Usd;
export const usdPerHour = (n: number) => n as UsdPerHour;

// ---- conversions out (numbers for display and JSON) ----
export const toMs = (t: Seconds) => t * 1e3;
export const toGB = (b: Bytes) => b / 1e9;

// ---- typed arithmetic for the few places that combine units ----
/** Time to move `b` bytes at `bw`. */
export const transferTime = (b: Bytes, bw: BytesPerSecond) => (b / bw) as Seconds;
/** Time to execute `f` FLOP at `rate`. */
export const computeTime = (f: Flops, rate: FlopsPerSecond) => (f / rate) as Seconds;
/** Sum of quantities of one unit. */
export function sum<Q extends number>(...xs: Q[]): Q {
  let s = 0;
  for (const x of xs) s += x;
  return s as Q;
}
/** Scale a quantity by a pure factor. */
export const scale = <Q extends number>(q: Q, k: number) => (q * k) as Q;
