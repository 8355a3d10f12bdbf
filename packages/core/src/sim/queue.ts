/**
 * A FIFO of sequences with cheap push, pop-front, push-front (preempted requests go first) and
 * rare removal (cancellation), read by index (no iterator: the schedulers read it every step).
 * @module
 */
import type { SeqList } from "../sched/scheduler.js";
import type { Seq } from "./sequence.js";

/**
 * Popped slots kept at the front before the array is compacted. Compacting only once the dead
 * head is also more than half the array makes each pop O(1) amortised; below this count the copy
 * is not worth making (a small queue's dead head costs a few KB at most).
 */
const COMPACT_MIN_HEAD = 1024;

export class SeqQueue implements SeqList {
  #items: Seq[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  at(i: number): Seq | undefined {
    return i < 0 ? this.#items[this.#items.length + i] : this.#items[this.#head + i];
  }

  push(s: Seq): void {
    this.#items.push(s);
  }

  pushFront(s: Seq): void {
    if (this.#head > 0) this.#items[--this.#head] = s;
    else this.#items.unshift(s);
  }

  /** Remove and return the first sequence. */
  shift(): Seq | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const s = this.#items[this.#head++];
    this.#compact();
    return s;
  }

  /** Remove a specific sequence (O(n); cancellations are rare next to steps). */
  remove(s: Seq): boolean {
    const i = this.#items.indexOf(s, this.#head);
    if (i < 0) return false;
    if (i === this.#head) this.#head++;
    else this.#items.splice(i, 1);
    this.#compact();
    return true;
  }

  #compact() {
    if (this.#head > COMPACT_MIN_HEAD && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
