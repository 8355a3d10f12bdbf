/**
 * Numbers the worker hands to the page, in the page's units.
 * @module
 */
import { toMs } from "@infersim/core";

/** Seconds → milliseconds rounded to the microsecond; `undefined` (no bound) → null. */
export const msOrNull = (s: number | undefined): number | null => (s === undefined ? null : toMs(s));
