import { describe, expect, it } from "vitest";
import { EventQueue } from "./event-queue.js";

describe("event queue", () => {
  it("pops in (time, insertion) order, growing past its initial capacity", () => {
    const q = new EventQueue<number>();
    let x = 12345;
    let popped = 0;
    const out: [number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const t = x % 97; // many equal times
      q.push(t, i);
      if (i % 3 === 2) {
        const e = q.pop()!;
        out.push([q.time, e]);
        popped++;
      }
    }
    expect(q.size).toBe(5000 - popped);
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push([q.time, e]);
    expect(out.length).toBe(5000);
    // Between interleaved pops the order is only partial; drain order within a time is insertion order.
    const tail = out.slice(popped);
    for (let i = 1; i < tail.length; i++) {
      const [ta, a] = tail[i - 1]!;
      const [tb, b] = tail[i]!;
      expect(ta < tb || (ta === tb && a < b)).toBe(true);
    }
    expect(new Set(out.map(([, e]) => e)).size).toBe(5000);
    expect(q.pop()).toBeUndefined();
  });
});
