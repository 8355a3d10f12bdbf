/**
 * Strict parsing of flag values: integers are integers, numbers are finite, enums are listed.
 * Each failure is an issue naming the flag and the bad value.
 * @module
 */
import { issue, type Issue } from "@infersim/core";

export class Collector {
  readonly issues: Issue[] = [];

  int(flag: string, v: string | undefined, min = 1): number | undefined {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^[+-]?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) {
      this.issues.push(issue(flag, `${flag.replace(/^--/, "")} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`));
      return undefined;
    }
    return n;
  }

  num(flag: string, v: string | undefined, opts: { min?: number; max?: number; minExclusive?: boolean } = {}): number | undefined {
    if (v === undefined) return undefined;
    const n = Number(v);
    const bad = v.trim() === "" || !Number.isFinite(n) || (opts.min !== undefined && (opts.minExclusive ? n <= opts.min : n < opts.min)) || (opts.max !== undefined && n > opts.max);
    if (bad) {
      const range = opts.min !== undefined || opts.max !== undefined ? ` in ${opts.minExclusive ? "(" : "["}${opts.min ?? "-∞"}, ${opts.max ?? "∞"}]` : "";
      this.issues.push(issue(flag, `${flag.replace(/^--/, "")} must be a number${range}, got ${JSON.stringify(v)}`));
      return undefined;
    }
    return n;
  }

  oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | undefined {
    if (v === undefined) return undefined;
    const hit = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    if (!hit) this.issues.push(issue(flag, `${flag.replace(/^--/, "")} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`));
    return hit;
  }

  add(...is: readonly Issue[]) {
    this.issues.push(...is);
  }
}
