/**
 * A catalog of named entries (hardware, models, workloads) looked up by id or alias,
 * case-insensitively and ignoring punctuation; an unknown name gets "did you mean" suggestions.
 * @module
 */
import { distance } from "fastest-levenshtein";
import { fail, issue, ok, type Result } from "../errors.js";

export interface Named {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

/** Lowercase, keep letters, digits and dots: "H100-SXM 80GB" → "h100sxm80gb". */
export const normalizeName = (s: string) => s.toLowerCase().replace(/[^a-z0-9.]/g, "");

export class Registry<T extends Named> {
  readonly kind: string;
  readonly #items: T[];
  readonly #index = new Map<string, T>();

  constructor(kind: string, items: readonly T[]) {
    this.kind = kind;
    this.#items = [...items];
    // Ids first so an id always wins over another entry's alias.
    for (const it of items) this.#index.set(normalizeName(it.id), it);
    for (const it of items) {
      for (const n of [it.name, ...it.aliases]) {
        const k = normalizeName(n);
        if (!this.#index.has(k)) this.#index.set(k, it);
      }
    }
  }

  /** All entries, in catalog order. */
  list(): readonly T[] {
    return this.#items;
  }

  /** Look up by id, name or alias. */
  find(name: string): T | undefined {
    return this.#index.get(normalizeName(name));
  }

  /** Look up, or an issue naming the unknown value and the closest ids. */
  get(name: string, path = this.kind): Result<T> {
    const hit = this.find(name);
    if (hit) return ok(hit);
    const s = this.suggest(name);
    const hint = s.length ? `; did you mean ${s.join(", ")}?` : `; run \`infersim ${this.kind} list\` to see them`;
    return fail(issue(path, `unknown ${this.kind} ${JSON.stringify(name)}${hint}`));
  }

  /** Up to three ids closest to `name`. */
  suggest(name: string): string[] {
    const q = normalizeName(name);
    if (!q) return [];
    const scored: { id: string; d: number }[] = [];
    for (const it of this.#items) {
      let best = Infinity;
      for (const n of [it.id, it.name, ...it.aliases]) {
        const k = normalizeName(n);
        const d = k.includes(q) || q.includes(k) ? Math.abs(k.length - q.length) * 0.1 : distance(q, k);
        if (d < best) best = d;
      }
      scored.push({ id: it.id, d: best });
    }
    scored.sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
    const limit = Math.max(2, Math.ceil(q.length / 2));
    return scored.filter((s) => s.d <= limit).slice(0, 3).map((s) => s.id);
  }

  /** A new registry with extra entries; an extra entry replaces a catalog entry of the same id. */
  with(extra: readonly T[]): Registry<T> {
    const ids = new Set(extra.map((e) => e.id));
    return new Registry(this.kind, [...this.#items.filter((i) => !ids.has(i.id)), ...extra]);
  }
}
