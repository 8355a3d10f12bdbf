/**
 * A FIFO of sequences with cheap push, pop-front, push-front (preempted requests go first) and
 * rare removal (cancellation), iterable in order.
 * @module
 */
import type { SeqList } from "../sched/scheduler.js";
import type { Seq } from "./sequence.js";

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
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  *[Symbol.iterator](): Iterator<Seq> {
    for (let i = this.#head; i < this.#items.length; i++) yield this.#items[i]!;
  }
}
