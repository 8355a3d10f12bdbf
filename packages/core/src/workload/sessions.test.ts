import { describe, expect, it } from "vitest";
import { unwrap } from "../errors.js";
import { buildWorkload } from "./presets.js";
import { Rng } from "./random.js";
import type { RequestSpec, WorkloadSource } from "./request.js";
import { SessionSource, type SessionSpec } from "./sessions.js";

const fixed = (value: number) => ({ type: "fixed", value }) as const;
const spec: SessionSpec = {
  turns: fixed(2),
  stepsPerTurn: fixed(3),
  initialContext: fixed(1000),
  append: fixed(100),
  output: fixed(50),
  window: 1800,
  compactAt: 0.95,
  compactTo: 400,
  toolWaitS: fixed(0.5),
  thinkS: fixed(60),
  blockTokens: 64,
};

/** Run one session to the end, finishing each step `gen` seconds after it arrives. */
function runSession(src: WorkloadSource, gen = 2): RequestSpec[] {
  const steps: RequestSpec[] = [];
  let r = src.nextArrival();
  while (r) {
    steps.push(r);
    r = src.onFinish(r, r.arrival + gen, false)[0];
  }
  return steps;
}
const shared = (a: readonly number[], b: readonly number[]) => {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
};

describe("agent sessions", () => {
  const src = new SessionSource("test", spec, { type: "open", arrival: { type: "poisson", rate: 1 } }, { sessions: 1 }, new Rng(1));
  const steps = runSession(src);

  it("has turns × steps LLM calls whose prompts grow by the previous output plus the append", () => {
    expect(steps).toHaveLength(6);
    expect(steps[0]!.input).toBe(1100);
    expect(steps[1]!.input).toBe(1100 + 50 + 100);
    expect(steps[2]!.input).toBe(1250 + 150);
  });

  it("shares the previous prompt's full blocks as a prefix, with new hashes after it", () => {
    for (let i = 1; i < 4; i++) {
      const prev = steps[i - 1]!, cur = steps[i]!;
      expect(cur.blocks).toHaveLength(Math.ceil(cur.input / 64));
      expect(shared(prev.blocks!, cur.blocks!)).toBe(Math.floor(prev.input / 64));
    }
  });

  it("compacts near the window: the context drops to compactTo and every hash changes", () => {
    // prompts 1100, 1250, 1400, 1550, 1700; the sixth (1850) passes 0.95 × 1800 = 1710 → compact to 400 + 100
    const i = steps.findIndex((s, k) => k > 0 && s.input < steps[k - 1]!.input);
    expect(i).toBe(5);
    expect(steps[i]!.input).toBe(400 + 100);
    expect(shared(steps[i - 1]!.blocks!, steps[i]!.blocks!)).toBe(0);
  });

  it("sends follow-ups after finish + tool wait, and after finish + think time between turns", () => {
    const gaps = steps.slice(1).map((s, k) => s.arrival - (steps[k]!.arrival + 2));
    expect(gaps.map((g) => +g.toFixed(9))).toEqual([0.5, 0.5, 60, 0.5, 0.5]);
    expect(new Set(steps.map((s) => s.session)).size).toBe(1);
    expect(steps.every((s, k) => k === 0 || s.id > steps[k - 1]!.id)).toBe(true);
  });

  it("ignores stale finishes and ends a session whose step was cancelled", () => {
    const s2 = new SessionSource("t", spec, { type: "open", arrival: { type: "poisson", rate: 1 } }, { sessions: 1 }, new Rng(2));
    const first = s2.nextArrival()!;
    expect(s2.onFinish({ ...first, id: 999 }, 5, false)).toEqual([]);
    expect(s2.onFinish(first, 5, true)).toEqual([]);
    expect(s2.liveSessions).toBe(0);
  });

  it("batch-eval keeps `concurrency` sessions running and replaces finished ones (closed loop)", () => {
    const b = unwrap(buildWorkload("batch-eval", { seed: 3, concurrency: 8, sessions: 20 })) as SessionSource;
    const initial: RequestSpec[] = [];
    for (let r = b.nextArrival(); r; r = b.nextArrival()) initial.push(r);
    expect(initial).toHaveLength(8);
    expect(initial.every((r) => r.arrival === 0)).toBe(true);
    // event loop: finish each request 3 s after arrival, in time order
    const queue = [...initial];
    let done = 0;
    let maxLive = 0;
    while (queue.length) {
      queue.sort((x, y) => x.arrival - y.arrival);
      const r = queue.shift()!;
      done++;
      maxLive = Math.max(maxLive, b.liveSessions);
      for (const f of b.onFinish(r, r.arrival + 3, false)) {
        expect(f.arrival).toBeGreaterThan(r.arrival + 3);
        queue.push(f);
      }
    }
    expect(maxLive).toBe(8);
    expect(b.liveSessions).toBe(0);
    expect(done).toBeGreaterThan(20 * 10); // geometric(30) steps per session
  });

  it("coding-agent: per-step prefix and cache hit near TraceLab's (119K median, 95.7% hit)", () => {
    const a = unwrap(buildWorkload("coding-agent", { seed: 4, sessions: 400, duration: 1e9, diurnal: false }));
    const prefixes: number[] = [];
    let hit = 0, total = 0;
    const queue: RequestSpec[] = [];
    for (let r = a.nextArrival(); r; r = a.nextArrival()) queue.push(r);
    const last = new Map<number, RequestSpec>();
    while (queue.length) {
      const r = queue.pop()!;
      const prev = last.get(r.session!);
      const k = prev ? Math.min(shared(prev.blocks!, r.blocks!) * a.blockTokens, r.input) : 0;
      if (prev) prefixes.push(k);
      hit += k;
      total += r.input;
      last.set(r.session!, r);
      queue.push(...a.onFinish(r, r.arrival + 5, false));
    }
    prefixes.sort((x, y) => x - y);
    const median = prefixes[prefixes.length >> 1]!;
    console.log(`coding-agent: ${prefixes.length} steps, prefix median ${median}, token hit ${(hit / total).toFixed(3)}`);
    expect(median).toBeGreaterThan(90_000);
    expect(median).toBeLessThan(160_000);
    expect(hit / total).toBeGreaterThan(0.9);
  });
});
