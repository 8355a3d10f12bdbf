/**
 * Form values (strings, as typed or read from the URL) into numbers and names, with the CLI's
 * messages: every bad value becomes an issue whose path is the field's name
 * (`rate must be a number in (0, ∞], got "x" (at rate)`). An empty field is "not given".
 * @module
 */
import { InputError, issue, type Issue, type Named, type Registry } from "@infersim/core";

/** Collects the issues of one request's fields. */
export class Fields {
  readonly issues: Issue[] = [];

  /** An integer ≥ `min`, or undefined when empty. */
  int(path: string, raw: string, min = 1): number | undefined {
    const v = raw.trim();
    if (v === "") return undefined;
    const n = Number(v);
    if (!/^[+-]?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) {
      this.issues.push(issue(path, `${path} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`));
      return undefined;
    }
    return n;
  }

  /** A finite number within the bounds, or undefined when empty. */
  num(path: string, raw: string, opts: { min?: number; max?: number; minExclusive?: boolean } = {}): number | undefined {
    const v = raw.trim();
    if (v === "") return undefined;
    const n = Number(v);
    const low = opts.min !== undefined && (opts.minExclusive ? n <= opts.min : n < opts.min);
    if (!Number.isFinite(n) || low || (opts.max !== undefined && n > opts.max)) {
      const range = opts.min !== undefined || opts.max !== undefined ? ` in ${opts.minExclusive ? "(" : "["}${opts.min ?? "-∞"}, ${opts.max ?? "∞"}]` : "";
      this.issues.push(issue(path, `${path} must be a number${range}, got ${JSON.stringify(raw)}`));
      return undefined;
    }
    return n;
  }

  /** One of `allowed` (case-insensitive), or undefined when empty. */
  oneOf<T extends string>(path: string, raw: string, allowed: readonly T[]): T | undefined {
    if (raw.trim() === "") return undefined;
    const hit = allowed.find((a) => a.toLowerCase() === raw.trim().toLowerCase());
    if (!hit) this.issues.push(issue(path, `${path} must be one of ${allowed.join(", ")}, got ${JSON.stringify(raw)}`));
    return hit;
  }

  /** An entry of a registry (hardware, model, workload), or undefined with the registry's issue. */
  pick<T extends Named>(registry: Registry<T>, id: string, path: string): T | undefined {
    const r = registry.get(id, path);
    if (r.ok) return r.value;
    this.issues.push(...r.issues);
    return undefined;
  }

  /** Entries of a registry by id, each bad id reported at `path[i]`. */
  list<T extends Named>(registry: Registry<T>, ids: readonly string[], path: string): T[] {
    return ids.flatMap((id, i) => {
      const v = this.pick(registry, id, `${path}[${i}]`);
      return v === undefined ? [] : [v];
    });
  }

  /** Throw every issue collected so far as one `InputError`. */
  check(): void {
    if (this.issues.length) throw new InputError(this.issues);
  }
}
