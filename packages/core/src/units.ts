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
export const mb = (n: number) => (n * 1e6) as Bytes;
export const gb = (n: number) => (n * 1e9) as Bytes;
export const gib = (n: number) => (n * 2 ** 30) as Bytes;

export const flops = (n: number) => n as Flops;
export const tflops = (n: number) => (n * 1e12) as FlopsPerSecond;

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
