/**
 * Simulation metrics, streaming: latency histograms (TTFT, TPOT, ITL, end-to-end, KV transfer),
 * counters, SLO attainment per request, and bounded timelines of queue length, running requests
 * and KV use. Definitions follow the benchmark tools: TTFT = arrival → first token; TPOT = (last −
 * first token) ÷ (output − 1), excluding the first token; ITL = gaps between streamed chunks;
 * end-to-end = arrival → last token. Memory does not grow with finished requests.
 * @module
 */
import { LatencyHistogram, toMs, type Summary } from "../report/histogram.js";
import { Timeline } from "../report/timeline.js";
import type { Slo, SloPercentiles } from "../workload/preset-schema.js";
import type { KvLoad } from "./kv-cache.js";
import type { Replica } from "./replica.js";
import type { Seq } from "./sequence.js";
import type { TraceRecorder } from "./trace.js";

export interface SloCheck {
  readonly metric: "ttft_ms" | "tpot_ms" | "e2e_ms";
  readonly percentile: "p50" | "p90" | "p99";
  readonly target_ms: number;
  /**
   * Null when no request was measured for the metric. The check is then met when measured requests
   * completed without the figure (TPOT of one-token requests: the bound does not apply to them, as in
   * the per-request check) and missed when none completed.
   */
  readonly achieved_ms: number | null;
  readonly met: boolean;
}

export interface SimulationReport {
  readonly workload: string;
  readonly scheduler: string;
  readonly router: string;
  readonly replicas: number;
  readonly seed: number;
  /** Every pool holds its weights (and activations) with room for KV; when false nothing was run. */
  readonly fits: boolean;
  /** Why a pool does not fit. */
  readonly reason?: string;
  /** Requests that arrived. */
  readonly requests: number;
  readonly completed: number;
  readonly cancelled: number;
  /** Rejected on arrival: prompt + output exceed the model's context, or an empty replica's KV cache. */
  readonly rejected: number;
  /** Still queued or running when the simulation stopped (maxTime). */
  readonly unfinished: number;
  readonly preemptions: number;
  readonly ttft_ms: Summary;
  readonly tpot_ms: Summary;
  readonly itl_ms: Summary;
  readonly e2e_ms: Summary;
  /** Disaggregated serving only: KV transfer time per request. */
  readonly kv_transfer_ms?: { readonly mean: number; readonly p50: number; readonly p99: number };
  /** Simulated seconds from the first arrival to the last event (to maxTime when that stopped the run). */
  readonly duration_s: number;
  /** The steady-state measurement window, when one was set (see SimulationConfig.window). */
  readonly window?: MeasurementWindow;
  /** With a window: output tokens/s the requests arriving in it ask for (compare output_tokens_per_s: below it, the load exceeds capacity). */
  readonly offered_output_tokens_per_s?: number;
  readonly output_tokens: number;
  readonly input_tokens: number;
  readonly output_tokens_per_s: number;
  readonly input_tokens_per_s: number;
  readonly requests_per_s: number;
  /** Completed requests meeting every per-request SLO bound, per second. */
  readonly goodput_rps: number;
  /** Share of completed requests meeting every per-request SLO bound (1 when no SLO is given). */
  readonly slo_attainment: number;
  readonly slo_checks: readonly SloCheck[];
  /** Prompt tokens served from the prefix cache ÷ prompt tokens of completed requests. */
  readonly prefix_hit_rate: number;
  /** Tokens computed for requests that were then cancelled or superseded. */
  readonly cancelled_work_tokens: number;
  /** KV blocks in use by live sequences and referenced prefix entries ÷ capacity, averaged over replicas and time. */
  readonly kv_utilization_mean: number;
  readonly timeline: Record<string, number[]>;
  /** Latency distributions for CDF charts: values (ms) at percentiles 1, 2, …, 99, 99.9. */
  readonly cdf: { readonly percentiles: readonly number[]; readonly ttft_ms: readonly number[]; readonly tpot_ms: readonly number[]; readonly e2e_ms: readonly number[] };
  readonly trace?: unknown;
  readonly warnings: readonly string[];
}

/**
 * A steady-state measurement window, simulated seconds: latencies (TTFT, TPOT, ITL, end-to-end,
 * SLO attainment) cover the requests that arrive in [from, to); output tokens/s, requests/s and
 * goodput count the tokens emitted and the requests completed in [from, to), per second of it. A
 * long benchmark run at a fixed rate is measured this way, free of the warm-up (the batch still
 * filling) and of the drain after the last arrival.
 */
export interface MeasurementWindow {
  readonly from: number;
  readonly to: number;
}

const CDF_POINTS: readonly number[] = [...Array.from({ length: 99 }, (_, i) => i + 1), 99.9];

/** Per-request bound for a percentile target: the loosest percentile given (p99, else p90, else p50). */
const bound = (p: SloPercentiles | undefined): number | undefined => (p ? (p.p99 ?? p.p90 ?? p.p50) : undefined);

export class Metrics {
  readonly ttft = new LatencyHistogram();
  readonly tpot = new LatencyHistogram();
  readonly itl = new LatencyHistogram();
  readonly e2e = new LatencyHistogram();
  readonly kvTransfer = new LatencyHistogram();
  arrivedCount = 0;
  completed = 0;
  cancelledCount = 0;
  rejectedCount = 0;
  #rejectedContext = 0;
  preemptions = 0;
  outputTokens = 0;
  inputTokens = 0;
  cachedTokens = 0;
  wasted = 0;
  good = 0;
  firstArrival = Infinity;
  /** Output tokens emitted, requests completed and good ones inside the window. */
  #windowTokens = 0;
  #windowCompleted = 0;
  #windowGood = 0;
  /** Output tokens asked for by the requests that arrive in the window. */
  #windowOffered = 0;
  /** ∫ kvLoad.sum dt up to #kvAt (replica-seconds of full KV). */
  #kvArea = 0;
  #kvAt = 0;
  readonly #timeline = new Timeline(["queue", "running", "kv_utilization"]);
  readonly #bounds: { ttft?: number; tpot?: number; e2e?: number; minSpeed?: number };

  constructor(
    readonly slo: Slo | undefined,
    readonly replicas: readonly Replica[],
    /** The model's context window, tokens (named in the rejection warning). */
    readonly maxContext: number,
    /** The replicas' KV in use, kept current by their caches. */
    readonly kvLoad: KvLoad,
    readonly window?: MeasurementWindow,
  ) {
    const b: { ttft?: number; tpot?: number; e2e?: number; minSpeed?: number } = {};
    const t = bound(slo?.ttftMs);
    const p = bound(slo?.tpotMs);
    const e = bound(slo?.e2eMs);
    if (t !== undefined) b.ttft = t / 1e3;
    if (p !== undefined) b.tpot = p / 1e3;
    if (e !== undefined) b.e2e = e / 1e3;
    if (slo?.minTokensPerSecondPerUser !== undefined) b.minSpeed = slo.minTokensPerSecondPerUser;
    this.#bounds = b;
  }

  arrived(s: Seq) {
    this.arrivedCount++;
    if (s.spec.arrival < this.firstArrival) this.firstArrival = s.spec.arrival;
    if (this.window && this.measures(s)) this.#windowOffered += s.output;
  }

  /** The request's latencies count: it arrived inside the window (always, without one). */
  measures(s: Seq): boolean {
    const w = this.window;
    return !w || (s.spec.arrival >= w.from && s.spec.arrival < w.to);
  }

  /** `now` falls inside the window (never, without one). */
  #inWindow(now: number): boolean {
    const w = this.window;
    return w !== undefined && now >= w.from && now < w.to;
  }

  /** `n` output tokens emitted at `now`. */
  tokens(now: number, n: number) {
    if (this.#inWindow(now)) this.#windowTokens += n;
  }

  firstToken(s: Seq, now: number) {
    s.firstTokenAt = now;
    this.tokens(now, 1);
    if (this.measures(s)) this.ttft.record(now - s.spec.arrival);
  }

  /** `n` gaps of `seconds` between tokens of measured requests (callers check `measures`). */
  gap(seconds: number, n = 1) {
    this.itl.recordN(seconds, n);
  }

  transfer(seconds: number) {
    this.kvTransfer.record(seconds);
  }

  finished(s: Seq, now: number) {
    this.completed++;
    this.outputTokens += s.output;
    this.inputTokens += s.input;
    this.cachedTokens += s.cached;
    this.preemptions += s.preemptions;
    // Latencies count for the requests that arrived in the window; goodput in the window counts
    // every request completed in it, as requests/s does.
    const completedInWindow = this.#inWindow(now);
    const measured = this.measures(s);
    if (completedInWindow) this.#windowCompleted++;
    if (!measured && !completedInWindow) return;
    const e2e = now - s.spec.arrival;
    const ttft = s.firstTokenAt - s.spec.arrival;
    const tpot = s.output > 1 ? (now - s.firstTokenAt) / (s.output - 1) : undefined;
    const b = this.#bounds;
    const ok =
      (b.ttft === undefined || ttft <= b.ttft) &&
      (b.e2e === undefined || e2e <= b.e2e) &&
      (b.tpot === undefined || tpot === undefined || tpot <= b.tpot) &&
      (b.minSpeed === undefined || tpot === undefined || 1 / tpot >= b.minSpeed);
    if (ok && completedInWindow) this.#windowGood++;
    if (!measured) return;
    this.e2e.record(e2e);
    if (tpot !== undefined) this.tpot.record(tpot);
    if (ok) this.good++;
  }

  cancelled(s: Seq) {
    this.cancelledCount++;
    this.wasted += s.computed;
    this.preemptions += s.preemptions;
  }

  rejected(why: "context" | "kv") {
    this.rejectedCount++;
    if (why === "context") this.#rejectedContext++;
  }

  /** The clock moves to `now`: the KV in use since the last event is held for the time between. */
  advance(now: number) {
    this.#kvArea += (now - this.#kvAt) * this.kvLoad.sum;
    this.#kvAt = now;
  }

  /** Offer a timeline sample (cheap when not due). */
  sample(now: number) {
    if (!this.#timeline.due(now)) return;
    let q = 0;
    let r = 0;
    let kv = 0;
    for (const rep of this.replicas) {
      q += rep.waiting.length;
      r += rep.running.length;
      kv += rep.kv.utilisation;
    }
    kv /= this.replicas.length;
    this.#timeline.sample(now, q, r, Math.round(kv * 1e4) / 1e4);
  }

  #checks(): SloCheck[] {
    const out: SloCheck[] = [];
    const add = (metric: SloCheck["metric"], t: SloPercentiles | undefined, h: LatencyHistogram) => {
      if (!t) return;
      for (const p of ["p50", "p90", "p99"] as const) {
        const target = t[p];
        if (target === undefined) continue;
        const achieved = h.count > 0 ? toMs(h.percentile(Number(p.slice(1)))) : null;
        out.push({ metric, percentile: p, target_ms: target, achieved_ms: achieved, met: achieved !== null ? achieved <= target : this.e2e.count > 0 });
      }
    };
    add("ttft_ms", this.slo?.ttftMs, this.ttft);
    add("tpot_ms", this.slo?.tpotMs, this.tpot);
    add("e2e_ms", this.slo?.e2eMs, this.e2e);
    return out;
  }

  report(x: { now: number; workload: string; scheduler: string; router: string; replicas: number; seed: number; trace: TraceRecorder | undefined; unfit?: string | undefined }): SimulationReport {
    const start = Number.isFinite(this.firstArrival) ? this.firstArrival : 0;
    const duration = Math.max(1e-9, x.now - start);
    const w = this.window;
    const span = w ? Math.max(1e-9, w.to - w.from) : duration;
    const inFlight = this.arrivedCount - this.completed - this.cancelledCount - this.rejectedCount;
    const warnings: string[] = [];
    if (x.unfit) warnings.push(`does not fit: ${x.unfit}; nothing was simulated`);
    if (this.#rejectedContext > 0) warnings.push(`${this.#rejectedContext} requests rejected: prompt + output exceed the model's ${this.maxContext}-token context`);
    const rejectedKv = this.rejectedCount - this.#rejectedContext;
    if (rejectedKv > 0) warnings.push(`${rejectedKv} requests rejected: prompt + output exceed a replica's whole KV cache`);
    if (inFlight > 0) warnings.push(`${inFlight} requests were still in flight when the simulation stopped`);
    if (this.preemptions > 0) warnings.push(`${this.preemptions} preemptions: the KV cache ran out and requests were recomputed`);
    const kvT = this.kvTransfer.filled();
    const kvArea = this.#kvArea + (x.now - this.#kvAt) * this.kvLoad.sum;
    return {
      workload: x.workload,
      scheduler: x.scheduler,
      router: x.router,
      replicas: x.replicas,
      seed: x.seed,
      fits: !x.unfit,
      ...(x.unfit ? { reason: x.unfit } : {}),
      requests: this.arrivedCount,
      completed: this.completed,
      cancelled: this.cancelledCount,
      rejected: this.rejectedCount,
      unfinished: inFlight,
      preemptions: this.preemptions,
      ttft_ms: this.ttft.summary(),
      tpot_ms: this.tpot.summary(),
      itl_ms: this.itl.summary(),
      e2e_ms: this.e2e.summary(),
      ...(kvT ? { kv_transfer_ms: { mean: kvT.mean, p50: kvT.p50, p99: kvT.p99 } } : {}),
      duration_s: duration,
      ...(w ? { window: { from: w.from, to: w.to }, offered_output_tokens_per_s: this.#windowOffered / span } : {}),
      output_tokens: this.outputTokens,
      input_tokens: this.inputTokens,
      output_tokens_per_s: (w ? this.#windowTokens : this.outputTokens) / span,
      input_tokens_per_s: this.inputTokens / duration,
      requests_per_s: (w ? this.#windowCompleted : this.completed) / span,
      goodput_rps: (w ? this.#windowGood : this.good) / span,
      slo_attainment: this.e2e.count ? this.good / this.e2e.count : 0,
      slo_checks: this.#checks(),
      prefix_hit_rate: this.inputTokens ? this.cachedTokens / this.inputTokens : 0,
      cancelled_work_tokens: this.wasted,
      kv_utilization_mean: this.replicas.length && x.now > start ? kvArea / (this.replicas.length * (x.now - start)) : 0,
      timeline: this.#timeline.toJSON(),
      cdf: {
        percentiles: CDF_POINTS,
        ttft_ms: CDF_POINTS.map((p) => toMs(this.ttft.percentile(p))),
        tpot_ms: CDF_POINTS.map((p) => toMs(this.tpot.percentile(p))),
        e2e_ms: CDF_POINTS.map((p) => toMs(this.e2e.percentile(p))),
      },
      ...(x.trace ? { trace: x.trace.toJSON() } : {}),
      warnings,
    };
  }
}
