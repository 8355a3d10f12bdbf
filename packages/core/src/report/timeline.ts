/**
 * A bounded time series: samples (t, values…) kept at a resolution that halves whenever the series
 * would exceed `maxPoints`, so a run of any length keeps at most `maxPoints` points.
 * @module
 */

export class Timeline {
  readonly names: readonly string[];
  readonly t: number[] = [];
  readonly values: number[][];
  #interval: number;
  #next = 0;
  readonly #max: number;

  constructor(names: readonly string[], opts: { interval?: number; maxPoints?: number } = {}) {
    this.names = names;
    this.values = names.map(() => []);
    this.#interval = opts.interval ?? 0.1;
    this.#max = opts.maxPoints ?? 2000;
  }

  /** Would a sample at `t` be kept? */
  due(t: number): boolean {
    return t >= this.#next;
  }

  /** Offer a sample at time `t`; kept when at least one interval after the last kept. */
  sample(t: number, ...vals: number[]): void {
    if (t < this.#next) return;
    this.t.push(t);
    vals.forEach((v, i) => this.values[i]!.push(v));
    this.#next = t + this.#interval;
    if (this.t.length > this.#max) this.#halve();
  }

  #halve() {
    const keep = (_: number, i: number) => i % 2 === 0;
    const t = this.t.filter(keep);
    this.t.length = 0;
    this.t.push(...t);
    for (const v of this.values) {
      const k = v.filter(keep);
      v.length = 0;
      v.push(...k);
    }
    this.#interval *= 2;
  }

  toJSON(): Record<string, number[]> {
    return Object.fromEntries([["t", this.t], ...this.names.map((n, i) => [n, this.values[i]!])]);
  }
}
