/**
 * The simulator's event queue: a binary min-heap on (time, insertion order), so simultaneous events
 * run in the order they were scheduled — the source of determinism.
 * @module
 */

export interface SimEvent<T> {
  readonly t: number;
  readonly k: number;
  readonly e: T;
}

export class EventQueue<T> {
  readonly #h: SimEvent<T>[] = [];
  #k = 0;

  get size(): number {
    return this.#h.length;
  }

  push(t: number, e: T): void {
    const h = this.#h;
    const ev = { t, k: this.#k++, e };
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(ev, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = ev;
  }

  pop(): SimEvent<T> | undefined {
    const h = this.#h;
    const top = h[0];
    const last = h.pop();
    if (!top || !last || h.length === 0) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && less(h[r]!, h[l]!) ? r : l;
      if (!less(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

const less = <T>(a: SimEvent<T>, b: SimEvent<T>) => a.t < b.t || (a.t === b.t && a.k < b.k);
