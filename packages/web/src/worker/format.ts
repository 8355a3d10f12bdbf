/**
 * Numbers the worker hands to the page, in the page's units.
 * @module
 */

/** Seconds → milliseconds rounded to the microsecond; `undefined` (no bound) → null. */
export const msOrNull = (s: number | undefined): number | null => (s === undefined ? null : Math.round(s * 1e6) / 1e3);
