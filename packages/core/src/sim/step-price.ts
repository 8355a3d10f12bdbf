/**
 * The time of one engine step in the simulator: the core step cost of exactly the planned batch,
 * with decodes aggregated per sliding-window band (one group per band reproduces Σ context and
 * Σ min(context, window) exactly). Decode-only steps — most steps — are memoised per band on
 * (sequences, mean context to 16 tokens), looked up before any batch shape is built.
 * @module
 */
import type { BatchShape, DecodeGroup, PrefillChunk } from "../perf/batch.js";
import type { CostModel } from "../perf/step-cost.js";
import type { StepPlan } from "../sched/scheduler.js";
import type { Seq } from "./sequence.js";

/**
 * Mean contexts are memoised to this many tokens: a 16-token shift of a band's mean context moves a
 * step's time by far less than the model's error.
 */
const MEMO_CONTEXT_TOKENS = 16;
/**
 * One band's memo key is sequences × MEMO_KEY_SPAN + mean context ÷ MEMO_CONTEXT_TOKENS: unique for
 * quantised contexts below 2^22 (67M tokens, past every model's window) and up to 2^31 sequences,
 * within the 2^53 integers a double holds exactly.
 */
const MEMO_KEY_SPAN = 2 ** 22;
/** Memoised step times kept before the memo starts afresh (bounds memory to a few MB; estimate). */
const MEMO_MAX_ENTRIES = 100_000;

const NO_PREFILL: readonly PrefillChunk[] = [];

export class StepPricer {
  /** Distinct sliding windows, ascending: band b holds contexts in [windows[b−1], windows[b]). */
  readonly #windows: readonly number[];
  readonly #count: Float64Array;
  readonly #sum: Float64Array;
  readonly #max: Float64Array;
  /** Serial decode attention waits for each band's longest sequence, which the memo key leaves out: price those steps exactly. */
  readonly #serial: boolean;
  /** One band: step times by key; several: nested maps, one level per band. */
  readonly #memo = new Map<number, unknown>();
  #entries = 0;

  constructor(
    readonly cm: CostModel,
    /** Tokens each decode verifies per step (1 + speculative draft length). */
    readonly verify: number,
  ) {
    this.#windows = [...new Set(cm.shard.layers.map((g) => g.window).filter((w): w is number => w !== null))].sort((a, b) => a - b);
    this.#count = new Float64Array(this.#windows.length + 1);
    this.#sum = new Float64Array(this.#windows.length + 1);
    this.#max = new Float64Array(this.#windows.length + 1);
    this.#serial = cm.deployment.decodeAttention === "serial";
  }

  /** Seconds the planned step takes (drafting excluded). */
  price(plan: StepPlan): number {
    if (plan.prefill.length || !plan.decode.length) return this.cm.step(this.#shape(plan)).time;
    this.#bands(plan.decode);
    if (this.#serial) return this.cm.step(this.#decodeShape(false)).time;
    if (this.#entries >= MEMO_MAX_ENTRIES) {
      this.#memo.clear();
      this.#entries = 0;
    }
    const cnt = this.#count;
    const sum = this.#sum;
    const last = cnt.length - 1;
    let level = this.#memo;
    for (let b = 0; ; b++) {
      const n = cnt[b]!;
      const q = n > 0 ? Math.round(sum[b]! / n / MEMO_CONTEXT_TOKENS) : 0;
      if (q >= MEMO_KEY_SPAN) return this.cm.step(this.#decodeShape(false)).time; // past the key's range: price exactly
      const key = n * MEMO_KEY_SPAN + q;
      if (b === last) {
        const hit = level.get(key) as number | undefined;
        if (hit !== undefined) return hit;
        const t = this.cm.step(this.#decodeShape(true)).time;
        level.set(key, t);
        this.#entries++;
        return t;
      }
      let next = level.get(key) as Map<number, unknown> | undefined;
      if (next === undefined) level.set(key, (next = new Map()));
      level = next;
    }
  }

  /** Count the decodes and sum their attended contexts per window band. */
  #bands(decode: readonly Seq[]) {
    const w = this.#windows;
    const cnt = this.#count.fill(0);
    const sum = this.#sum.fill(0);
    const max = this.#max.fill(0);
    for (const s of decode) {
      const c = s.context + 1;
      let b = 0;
      while (b < w.length && c >= w[b]!) b++;
      cnt[b]!++;
      sum[b]! += c;
      if (c > max[b]!) max[b] = c;
    }
  }

  /** One decode group per non-empty band (from #bands), at its mean context or, `rounded`, the memo's. */
  #decodeShape(rounded: boolean, prefill: readonly PrefillChunk[] = NO_PREFILL): BatchShape {
    const decode: DecodeGroup[] = [];
    const cnt = this.#count;
    const sum = this.#sum;
    for (let b = 0; b < cnt.length; b++) {
      const n = cnt[b]!;
      if (n === 0) continue;
      const mean = sum[b]! / n;
      const context = rounded ? Math.round(mean / MEMO_CONTEXT_TOKENS) * MEMO_CONTEXT_TOKENS : mean;
      decode.push(this.#serial ? { count: n, context, longest: this.#max[b]! } : { count: n, context });
    }
    return { prefill, decode, tokensPerDecode: this.verify };
  }

  #shape(plan: StepPlan): BatchShape {
    const prefill: PrefillChunk[] = [];
    for (const w of plan.prefill) if (w.tokens > 0) prefill.push({ tokens: w.tokens, context: w.seq.prefilled, last: w.seq.prefilled + w.tokens >= w.seq.prefillTarget });
    this.#bands(plan.decode);
    return this.#decodeShape(false, prefill);
  }
}
