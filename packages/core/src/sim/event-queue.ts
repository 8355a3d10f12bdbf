/**
 * The simulator's event queue: a binary min-heap on (time, insertion order), so simultaneous events
 * run in the order they were scheduled — the source of determinism. Times and insertion numbers
 * live in typed arrays beside the payloads: pushing an event allocates nothing.
 * @module
 */

/** Initial heap capacity (it doubles as needed). */
const INITIAL_CAPACITY = 1024;

export class EventQueue<T> {
  #t = new Float64Array(INITIAL_CAPACITY);
  /** Insertion number of each entry (a double: exact past 2^31 events). */
  #k = new Float64Array(INITIAL_CAPACITY);
  readonly #e: (T | undefined)[] = [];
  #n = 0;
  #next = 0;
  /** Time of the event `pop` returned last, s. */
  time = 0;

  get size(): number {
    return this.#n;
  }

  push(t: number, e: T): void {
    if (this.#n === this.#t.length) this.#grow();
    const T = this.#t;
    const K = this.#k;
    const E = this.#e;
    const k = this.#next++;
    let i = this.#n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(t < T[p]! || (t === T[p]! && k < K[p]!))) break;
      T[i] = T[p]!;
      K[i] = K[p]!;
      E[i] = E[p];
      i = p;
    }
    T[i] = t;
    K[i] = k;
    E[i] = e;
  }

  /** The earliest event (its time is then in `time`), or undefined when empty. */
  pop(): T | undefined {
    const n = this.#n;
    if (n === 0) return undefined;
    const T = this.#t;
    const K = this.#k;
    const E = this.#e;
    const top = E[0];
    this.time = T[0]!;
    const size = n - 1;
    this.#n = size;
    if (size > 0) {
      // Sift the last entry down from the root.
      const lt = T[size]!;
      const lk = K[size]!;
      const le = E[size];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && (T[r]! < T[l]! || (T[r] === T[l] && K[r]! < K[l]!)) ? r : l;
        if (!(T[c]! < lt || (T[c] === lt && K[c]! < lk))) break;
        T[i] = T[c]!;
        K[i] = K[c]!;
        E[i] = E[c];
        i = c;
      }
      T[i] = lt;
      K[i] = lk;
      E[i] = le;
    }
    E[size] = undefined; // let the payload go
    return top;
  }

  #grow() {
    const t = new Float64Array(this.#t.length * 2);
    t.set(this.#t);
    const k = new Float64Array(this.#k.length * 2);
    k.set(this.#k);
    this.#t = t;
    this.#k = k;
  }
}
