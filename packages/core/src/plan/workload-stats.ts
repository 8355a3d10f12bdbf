/**
 * What the planner needs to know about a workload, measured by drawing from it: mean and tail
 * prompt and output lengths, the share of prompt tokens a prefix cache could serve (unbounded
 * cache, exact block hashes), and the open-loop request rate. Closed-loop sources (agent sessions)
 * are unrolled by answering each request's follow-ups at once.
 * @module
 */
import type { RequestSpec, WorkloadSource } from "../workload/request.js";

export interface WorkloadStats {
  readonly requests: number;
  readonly meanInput: number;
  readonly meanOutput: number;
  readonly p50Input: number;
  readonly p99Input: number;
  readonly p99Output: number;
  /**
   * The p99 of the prompt tokens a request must compute (prompt minus its cached prefix), and that
   * request's cached prefix: the TTFT tail. Cache hits are not spread evenly (a session's first step
   * or a compaction computes everything), so this is not p99Input × (1 − cachedFraction).
   */
  readonly p99Computed: number;
  readonly p99ComputedCached: number;
  /** Prompt tokens a prefix cache could serve ÷ prompt tokens (0 when the workload carries no hashes). */
  readonly cachedFraction: number;
  /** Requests per second of the open-loop stream over the drawn span (undefined for closed loops). */
  readonly rate?: number;
  /** Agent presets: LLM requests per session (turn steps unrolled); 1 for independent requests. */
  readonly requestsPerSession: number;
}

/** The `p` quantile of sorted values (nearest rank below); undefined when there are none. */
const pct = <T>(sorted: readonly T[], p: number): T | undefined => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** Prompt tokens a mean request computes: its prompt less the share a prefix cache serves (at least 1). */
export const computedPrompt = (w: WorkloadStats) => Math.max(1, w.meanInput * (1 - w.cachedFraction));
/** Cached prefix of a mean request, tokens: the context its computed prompt attends over. */
export const cachedPrompt = (w: WorkloadStats) => w.meanInput * w.cachedFraction;
/** Tokens a p99 prompt computes (at least one). */
export const tailComputedPrompt = (w: WorkloadStats) => Math.max(1, w.p99Computed);
/** Mean context of a decode step: the whole prompt (cached prefix included) plus half the output. */
export const decodeContext = (w: WorkloadStats) => w.meanInput + w.meanOutput / 2;
/** Context a mean request holds KV for when it finishes (tokens): bounds the requests a replica keeps in flight. */
export const requestContext = (w: WorkloadStats) => Math.round(w.meanInput + w.meanOutput);
/** Context a replica must hold at least one sequence of: a p99 prompt with a mean output (tokens, ≥ 1). */
export const sizingContext = (w: WorkloadStats) => Math.max(1, Math.round(w.p99Input + w.meanOutput));

/** Draw up to `n` requests (default 4,000) and summarise them. */
export function workloadStats(source: WorkloadSource, n = 4000): WorkloadStats {
  const inputs: number[] = [];
  const outputs: number[] = [];
  const computed: [number, number][] = [];
  const seen = new Set<number>();
  let cached = 0;
  let prompt = 0;
  let first = Infinity;
  let last = -Infinity;
  let openLoop = 0;
  const sessions = new Set<number>();
  let followUps = 0;
  const pending: RequestSpec[] = [];
  while (inputs.length < n) {
    let r = pending.shift();
    if (!r) {
      const a = source.nextArrival();
      if (!a) break;
      r = a;
      openLoop++;
      first = Math.min(first, a.arrival);
      last = Math.max(last, a.arrival);
    }
    if (r.session !== undefined) sessions.add(r.session);
    inputs.push(r.input);
    outputs.push(r.output);
    prompt += r.input;
    let hitTokens = 0;
    if (r.blocks) {
      const per = r.input / r.blocks.length;
      let hit = 0;
      for (const h of r.blocks) {
        if (!seen.has(h)) break;
        hit++;
      }
      hitTokens = Math.min(r.input - 1, hit * per);
      cached += hitTokens;
      for (const h of r.blocks) seen.add(h);
    }
    computed.push([r.input - hitTokens, hitTokens]);
    for (const f of source.onFinish(r, r.arrival + 1, false)) {
      pending.push(f);
      followUps++;
    }
  }
  inputs.sort((a, b) => a - b);
  outputs.sort((a, b) => a - b);
  computed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const tail = pct(computed, 0.99) ?? [0, 0];
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const rate = openLoop > 1 && last > first && followUps === 0 ? (openLoop - 1) / (last - first) : undefined;
  return {
    requests: inputs.length,
    meanInput: mean(inputs),
    meanOutput: mean(outputs),
    p50Input: pct(inputs, 0.5) ?? 0,
    p99Input: pct(inputs, 0.99) ?? 0,
    p99Output: pct(outputs, 0.99) ?? 0,
    p99Computed: tail[0],
    p99ComputedCached: Math.round(tail[1]),
    cachedFraction: prompt > 0 ? cached / prompt : 0,
    requestsPerSession: sessions.size > 0 && followUps > 0 ? inputs.length / sessions.size : 1,
    ...(rate !== undefined ? { rate } : {}),
  };
}
