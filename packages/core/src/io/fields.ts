/**
 * Strict parsing of user-typed values (CLI flags, web form fields, URL state): integers are
 * integers (no "1e3", no "0x10"), numbers are finite and in range, enums and precisions are
 * listed. Every failure is an issue whose path is the field (`--rate`, `rate`) and whose message
 * names the field and the bad value (`rate must be a number in (0, ∞], got "x"`), so the CLI and
 * the web app report a bad value in the same words.
 * @module
 */
import type { Named, Registry } from "../catalog/registry.js";
import { DTYPES, parseDtype, type Dtype } from "../dtype.js";
import { InputError, issue, type Issue } from "../errors.js";

/** Options of {@link Fields}. */
export interface FieldsOptions {
  /** The field's name in messages, from its path. Default: the path (the CLI strips `--`). */
  readonly label?: (path: string) => string;
  /**
   * A blank value ("" or spaces): "unset" treats it as not given (a form's empty field), "invalid"
   * reports it like any bad value (a flag given as `--rate ""`). Default "unset".
   */
  readonly blank?: "unset" | "invalid";
}

/** Bounds of {@link Fields.num}. */
export interface NumBounds {
  readonly min?: number;
  readonly max?: number;
  /** `min` itself is out of range. Default false. */
  readonly minExclusive?: boolean;
}

const INTEGER = /^[+-]?\d+$/;

/** Collects the issues of one request's fields; each method returns undefined for a value not given or bad. */
export class Fields {
  readonly issues: Issue[] = [];
  readonly #label: (path: string) => string;
  readonly #blankUnset: boolean;

  constructor(opts: FieldsOptions = {}) {
    this.#label = opts.label ?? ((p) => p);
    this.#blankUnset = (opts.blank ?? "unset") === "unset";
  }

  /** The value as given, or undefined when not given (undefined, or blank when blanks are unset). */
  #given(raw: string | undefined): string | undefined {
    return raw === undefined || (this.#blankUnset && raw.trim() === "") ? undefined : raw;
  }

  #bad(path: string, what: string, raw: string): undefined {
    this.issues.push(issue(path, `${this.#label(path)} must be ${what}, got ${JSON.stringify(raw)}`));
    return undefined;
  }

  /** An integer ≥ `min` (default 1). */
  int(path: string, raw: string | undefined, min = 1): number | undefined {
    const given = this.#given(raw);
    if (given === undefined) return undefined;
    const v = given.trim();
    const n = Number(v);
    if (!INTEGER.test(v) || !Number.isSafeInteger(n) || n < min) return this.#bad(path, `an integer ≥ ${min}`, given);
    return n;
  }

  /** A finite number within the bounds. */
  num(path: string, raw: string | undefined, b: NumBounds = {}): number | undefined {
    const given = this.#given(raw);
    if (given === undefined) return undefined;
    const n = Number(given);
    const low = b.min !== undefined && (b.minExclusive ? n <= b.min : n < b.min);
    if (given.trim() === "" || !Number.isFinite(n) || low || (b.max !== undefined && n > b.max)) {
      const range = b.min !== undefined || b.max !== undefined ? ` in ${b.minExclusive ? "(" : "["}${b.min ?? "-∞"}, ${b.max ?? "∞"}]` : "";
      return this.#bad(path, `a number${range}`, given);
    }
    return n;
  }

  /** One of `allowed`, case-insensitive; returns the allowed spelling. */
  oneOf<T extends string>(path: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
    const given = this.#given(raw);
    if (given === undefined) return undefined;
    const v = given.trim().toLowerCase();
    const hit = allowed.find((a) => a.toLowerCase() === v);
    return hit ?? this.#bad(path, `one of ${allowed.join(", ")}`, given);
  }

  /** A number format (weights, KV), by name or alias (`bfloat16`, `e4m3`). */
  dtype(path: string, raw: string | undefined): Dtype | undefined {
    const given = this.#given(raw);
    if (given === undefined) return undefined;
    return parseDtype(given) ?? this.#bad(path, `one of ${DTYPES.join(", ")}`, given);
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

  /** Add issues found elsewhere. */
  add(...is: readonly Issue[]): void {
    this.issues.push(...is);
  }

  /** Throw every issue collected so far as one {@link InputError}. */
  check(): void {
    if (this.issues.length) throw new InputError(this.issues);
  }
}
