import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKLOAD_FILES } from "../../catalog/workloads/index.js";
import { unwrap } from "../errors.js";
import { buildWorkload, parseWorkloadPreset, workloadCatalog } from "./presets.js";
import { takeArrivals, type RequestSpec, type WorkloadSource } from "./request.js";

const dir = path.join(import.meta.dirname, "../../catalog/workloads");
const IDS = ["ide-autocomplete", "next-edit", "code-edit-apply", "code-chat", "coding-agent", "agent-realtime", "batch-eval"];

/** Token-weighted share of prompts found in an infinite prefix cache (leading-block match). */
function prefixHit(src: WorkloadSource, n: number): number {
  const seen = new Set<number>();
  let hit = 0, total = 0;
  for (const r of takeArrivals(src, n)) {
    let k = 0;
    while (k < r.blocks!.length && seen.has(r.blocks![k]!)) k++;
    hit += Math.min(k * src.blockTokens, r.input);
    total += r.input;
    for (const b of r.blocks!) seen.add(b);
  }
  return hit / total;
}

describe("a model's context window", () => {
  it("below 1024 tokens is a valid option: request presets ignore it, agent sessions compact within it", () => {
    expect(buildWorkload("code-chat", { seed: 1, contextWindow: 512, requests: 10 }).ok).toBe(true);
    const agent = unwrap(buildWorkload("coding-agent", { seed: 1, contextWindow: 512, requests: 200 }));
    for (let r = agent.nextArrival(); r; r = agent.nextArrival()) expect(r.input).toBeLessThanOrEqual(512);
  });
  it("too small for an agent's compaction is an issue naming the option, not a broken stream", () => {
    const r = buildWorkload("coding-agent", { seed: 1, contextWindow: 2 });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(["options.contextWindow"]);
  });
});

describe("workload preset catalog", () => {
  it("lists every JSON file in catalog/workloads, and every preset validates", () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
    expect(WORKLOAD_FILES).toHaveLength(files.length);
    for (const f of files) {
      const r = parseWorkloadPreset(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")), f);
      expect(r.ok ? [] : r.issues, f).toEqual([]);
      if (r.ok) expect(`${r.value.id}.json`).toBe(f);
    }
    expect(workloadCatalog().list().map((p) => p.id).sort()).toEqual([...IDS].sort());
  });

  it.each(IDS)("%s cites sources and marks its assumptions", (id) => {
    const p = unwrap(workloadCatalog().get(id));
    expect(p.sources.length).toBeGreaterThan(0);
    expect(p.notes).toMatch(/assum|inference/i);
    expect(Object.keys(p.slo).length).toBeGreaterThan(0);
  });

  it("reports every problem of a bad preset with its path", () => {
    const bad = {
      id: "Bad Id",
      name: "x",
      description: "x",
      kind: "requests",
      input: { type: "lognormal", median: -5, sigma: 1, clip: [10, 2] },
      output: { type: "weibull", k: 1 },
      arrival: { type: "gamma", rate: 0, cv: 3, profile: { hourly: [] } },
      stop: { duration: -1 },
      prefix: { shareFraction: 1.5, newContextProbability: 0.2 },
      slo: { ttftMs: { p95: 100 } },
      sources: [],
      notes: "",
      colour: "blue",
    };
    const r = parseWorkloadPreset(bad, "bad.json");
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.issues.map((i) => i.path);
    for (const p of [
      "bad.json.id",
      "bad.json.input.median",
      "bad.json.input.clip",
      "bad.json.output",
      "bad.json.arrival.rate",
      "bad.json.arrival.profile.hourly",
      "bad.json.stop.duration",
      "bad.json.prefix.shareFraction",
      "bad.json.slo.ttftMs",
      "bad.json.sources",
      "bad.json.notes",
      "bad.json",
    ]) expect(paths, p).toContain(p);
    expect(r.ok ? "" : r.issues.find((i) => i.path === "bad.json")!.message).toMatch(/colour/);
  });
});

describe("buildWorkload", () => {
  it.each(IDS)("%s: same seed gives an identical stream, another seed another", (id) => {
    const a = takeArrivals(unwrap(buildWorkload(id, { seed: 7 })), 500);
    expect(a.length).toBeGreaterThan(0);
    expect(takeArrivals(unwrap(buildWorkload(id, { seed: 7 })), 500)).toEqual(a);
    expect(takeArrivals(unwrap(buildWorkload(id, { seed: 8 })), 500)).not.toEqual(a);
    for (const [i, r] of a.entries()) {
      expect(r.input >= 1 && r.output >= 1 && Number.isInteger(r.input) && Number.isInteger(r.output)).toBe(true);
      if (i > 0) expect(r.arrival).toBeGreaterThanOrEqual(a[i - 1]!.arrival);
    }
  });

  it("a rate override sets the mean open-loop rate (profile off: constant)", () => {
    const reqs = takeArrivals(unwrap(buildWorkload("code-chat", { seed: 1, rate: 5, requests: 20_000, diurnal: false })), 20_000);
    expect(20_000 / reqs.at(-1)!.arrival).toBeCloseTo(5, 0);
    const peak = takeArrivals(unwrap(buildWorkload("code-chat", { seed: 1, rate: 5, requests: 5000, startHour: 38 })), 5000);
    expect(5000 / peak.at(-1)!.arrival).toBeGreaterThan(7); // hour 38 of the conv profile is its peak (1.65 × mean)
  });

  it("reports bad options and unknown presets with paths", () => {
    const r = buildWorkload("ide-autocomplete", { seed: 1.5, rate: -1, requests: 0 });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(["options.seed", "options.rate", "options.requests"]);
    const u = buildWorkload("ide-autocomplet", { seed: 1 });
    expect(u.ok ? "" : u.issues[0]!.message).toMatch(/did you mean ide-autocomplete/);
    expect(buildWorkload("ide-autocomplete", { seed: 1, startHour: 500 }).ok).toBe(false);
  });

  it("ide-autocomplete: supersession over a user pool, ~90% of a prompt shared with the user's previous one", () => {
    const reqs = takeArrivals(unwrap(buildWorkload("ide-autocomplete", { seed: 2, requests: 50_000 })), 50_000);
    const users = new Set(reqs.map((r) => r.user));
    expect(users.size).toBe(Math.round(27.9 * 2)); // pool sized so one user's requests are ~2 s apart
    expect(reqs.every((r) => r.supersedes === true)).toBe(true);
    const last = new Map<number, RequestSpec>();
    const shares: number[] = [];
    for (const r of reqs) {
      const prev = last.get(r.user!);
      if (prev && prev.session === r.session && r.input >= 160) {
        let k = 0;
        while (prev.blocks![k] === r.blocks![k]) k++;
        shares.push((k * 16) / r.input);
      }
      last.set(r.user!, r);
    }
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    expect(shares.length).toBeGreaterThan(30_000); // ~80% of requests continue a typing burst
    expect(mean).toBeGreaterThan(0.85);
    expect(mean).toBeLessThanOrEqual(0.9);
    const perUserGap = reqs.at(-1)!.arrival / (reqs.length / users.size);
    expect(perUserGap).toBeGreaterThan(0.5); // seconds apart on average (rate varies with the hour)
    expect(perUserGap).toBeLessThan(5);
  });

  it("ide-autocomplete: Azure-style random cancellation as an option", () => {
    const reqs = takeArrivals(unwrap(buildWorkload("ide-autocomplete", { seed: 3, requests: 20_000, cancel: 0.3 })), 20_000);
    const c = reqs.filter((r) => r.cancelAfter !== undefined);
    expect(c.length / reqs.length).toBeCloseTo(0.3, 1);
    expect(c.every((r) => r.cancelAfter! >= 0 && r.cancelAfter! <= 1)).toBe(true);
  });

  it("code-chat: ~40% of prompt tokens hit an infinite prefix cache (Mooncake 37–40%)", () => {
    const hit = prefixHit(unwrap(buildWorkload("code-chat", { seed: 4, requests: 100_000 })), 100_000);
    console.log(`code-chat prefix hit: ${hit.toFixed(3)}`);
    expect(hit).toBeGreaterThan(0.35);
    expect(hit).toBeLessThan(0.45);
  });

  it("generates 1,000,000 ide-autocomplete requests in bounded memory", () => {
    const src = unwrap(buildWorkload("ide-autocomplete", { seed: 1, requests: 1_000_000 }));
    const heap0 = process.memoryUsage().heapUsed;
    let maxHeap = heap0;
    let n = 0;
    let tokens = 0;
    const t0 = performance.now();
    for (let r = src.nextArrival(); r; r = src.nextArrival()) {
      n++;
      tokens += r.input;
      if ((n & 0xffff) === 0) maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    }
    const ms = performance.now() - t0;
    console.log(`1,000,000 ide-autocomplete requests (with prefix blocks) in ${ms.toFixed(0)} ms; heap growth ≤ ${((maxHeap - heap0) / 2 ** 20).toFixed(0)} MiB; mean input ${(tokens / n).toFixed(0)} tokens`);
    expect(n).toBe(1_000_000);
    expect(maxHeap - heap0).toBeLessThan(256 * 2 ** 20); // holding them would take > 1 GiB of block hashes
    expect(ms).toBeLessThan(3000); // ~0.7 s on a 2-core CI box; loose for noisy machines
  });
});
