/**
 * One replica of a deployment inside the simulator: its queues, KV cache, scheduler and cost
 * model. `start` asks the scheduler for a plan, applies admissions, preemptions and KV growth,
 * and prices the step with the core step cost; `finish` applies the step's progress and reports
 * what happened (first tokens, emitted tokens, finished and prefill-complete sequences).
 * @module
 */
import { assert } from "../errors.js";
import type { BatchShape, DecodeGroup, PrefillChunk } from "../perf/batch.js";
import type { DecodeSpec } from "../perf/continuous.js";
import type { Deployment } from "../perf/deployment.js";
import type { CostModel } from "../perf/step-cost.js";
import type { Scheduler, SchedulerView, StepPlan } from "../sched/scheduler.js";
import type { Rng } from "../workload/random.js";
import type { KvCache } from "./kv-cache.js";
import { SeqQueue } from "./queue.js";
import type { Seq } from "./sequence.js";

/** What a step did. The arrays are reused by the next step: read them before finishing another. */
export interface StepOutcome {
  /** Sequences whose prompt finished this step (they emit their first token unless replaying). */
  readonly prefilled: readonly Seq[];
  /** Sequences that emitted tokens this step. */
  readonly emitted: readonly Seq[];
  /** Sequences that emitted their last token. */
  readonly finished: readonly Seq[];
}

export interface Speculation extends DecodeSpec {
  readonly acceptance: number;
  readonly length: number;
}

export class Replica {
  readonly waiting = new SeqQueue();
  running: Seq[] = [];
  busy = false;
  plan: StepPlan | undefined;
  stepStart = 0;
  /** Wake-up already scheduled (static batching), s; -1 = none. */
  wakeAt = -1;
  readonly windows: readonly number[];
  readonly #out = { prefilled: [] as Seq[], emitted: [] as Seq[], finished: [] as Seq[] };
  readonly #bandCount: Float64Array;
  readonly #bandSum: Float64Array;
  /** This replica's step and wake events (reused payloads). */
  readonly stepEvent: { readonly type: "step"; readonly rep: Replica } = { type: "step", rep: this };
  readonly wakeEvent: { readonly type: "wake"; readonly rep: Replica } = { type: "wake", rep: this };

  constructor(
    readonly index: number,
    readonly pool: string,
    readonly deployment: Deployment,
    readonly cm: CostModel,
    readonly scheduler: Scheduler,
    readonly kv: KvCache,
    readonly spec: Speculation | undefined,
    readonly rng: Rng,
  ) {
    this.windows = [...new Set(cm.shard.layers.map((g) => g.window).filter((w): w is number => w !== null))].sort((a, b) => a - b);
    this.#bandCount = new Float64Array(this.windows.length + 1);
    this.#bandSum = new Float64Array(this.windows.length + 1);
  }

  /** Requests here (queued or admitted). */
  get outstanding(): number {
    return this.waiting.length + this.running.length;
  }

  /** The scheduler's view, refreshed in place each step (schedulers must not keep it). */
  readonly #view = {
    now: 0,
    waiting: this.waiting as SchedulerView["waiting"],
    running: [] as readonly Seq[],
    kv: {
      available: 0,
      growth: (s: Seq, t: number) => this.kv.growth(s, t),
      admission: (s: Seq, t: number) => this.kv.admission(s, t),
      hits: (s: Seq) => this.kv.hits(s),
    },
    maxTokens: 0,
    maxSeqs: 0,
    tokensPerDecode: 1,
  };

  view(now: number): SchedulerView {
    const v = this.#view;
    v.now = now;
    v.running = this.running;
    v.kv.available = this.kv.available;
    v.maxTokens = this.deployment.maxTokensPerStep;
    v.maxSeqs = this.deployment.maxBatch;
    v.tokensPerDecode = this.spec?.verify ?? 1;
    return v;
  }

  /** Plan and price the next step; returns its duration, or the plan's wake time when idle. */
  start(now: number): { duration: number } | { wakeAt: number | undefined } {
    const plan = this.scheduler.plan(this.view(now));
    if (!plan.prefill.length && !plan.decode.length && !plan.preempt.length) return { wakeAt: plan.wakeAt };
    for (const s of plan.preempt) this.#preempt(s);
    for (const w of plan.prefill) {
      if (w.seq.state === "waiting") this.#admit(w.seq, now);
      this.kv.grow(w.seq, w.tokens);
    }
    const verify = this.spec?.verify ?? 1;
    for (const s of plan.decode) this.kv.grow(s, verify);
    this.plan = plan;
    this.busy = true;
    this.stepStart = now;
    const duration = this.#price(plan) + (plan.decode.length && this.spec ? this.spec.draft(plan.decode.length) : 0);
    return { duration };
  }

  #admit(s: Seq, now: number) {
    const removed = this.waiting.remove(s);
    assert(removed, () => `admitted sequence ${s.spec.id} was not waiting`);
    const cached = this.kv.admit(s);
    if (s.prefilled < cached) {
      s.cached = cached - s.prefilled;
      s.prefilled = cached;
    }
    if (s.admittedAt < 0) s.admittedAt = now;
    s.state = "running";
    s.replica = this.index;
    this.running.push(s);
  }

  #preempt(s: Seq) {
    this.kv.release(s);
    this.#unrun(s);
    s.state = "waiting";
    s.prefilled = 0;
    s.replay = s.generated;
    s.preemptions++;
    this.waiting.pushFront(s);
  }

  /**
   * Step time. Decode-only steps are memoised on (sequences, mean context to the nearest 16 tokens):
   * most steps are decode-only, and a 16-token shift of the mean context moves a step's time by far
   * less than the model's error.
   */
  #price(plan: StepPlan): number {
    const shape = this.#shape(plan);
    if (plan.prefill.length || shape.decode.length !== 1) return this.cm.step(shape).time;
    const g = shape.decode[0]!;
    const key = g.count * 1_000_000 + Math.round(g.context / 16);
    const hit = this.#memo.get(key);
    if (hit !== undefined) return hit;
    const t = this.cm.step({ ...shape, decode: [{ count: g.count, context: Math.round(g.context / 16) * 16 }] }).time;
    if (this.#memo.size > 100_000) this.#memo.clear();
    this.#memo.set(key, t);
    return t;
  }

  readonly #memo = new Map<number, number>();

  #shape(plan: StepPlan): BatchShape {
    const prefill: PrefillChunk[] = [];
    for (const w of plan.prefill) if (w.tokens > 0) prefill.push({ tokens: w.tokens, context: w.seq.prefilled, last: w.seq.prefilled + w.tokens >= w.seq.prefillTarget });
    // Decodes aggregated exactly: one group per window band reproduces Σ ctx and Σ min(ctx, w).
    const decode: DecodeGroup[] = [];
    const bands = this.windows.length + 1;
    const cnt = this.#bandCount.fill(0);
    const sum = this.#bandSum.fill(0);
    for (const s of plan.decode) {
      const c = s.context + 1;
      let b = 0;
      while (b < this.windows.length && c >= this.windows[b]!) b++;
      cnt[b]!++;
      sum[b]! += c;
    }
    for (let b = 0; b < bands; b++) if (cnt[b]! > 0) decode.push({ count: cnt[b]!, context: sum[b]! / cnt[b]! });
    return { prefill, decode, tokensPerDecode: this.spec?.verify ?? 1 };
  }

  /** Accepted draft tokens + 1, i.i.d. acceptance. */
  #emit(): number {
    const sp = this.spec;
    if (!sp) return 1;
    let n = 1;
    for (let i = 0; i < sp.length && this.rng.next() < sp.acceptance; i++) n++;
    return n;
  }

  /** Apply the running step's progress. Cancelled sequences are skipped (their work is wasted). */
  finish(): StepOutcome {
    const plan = this.plan;
    assert(plan, "finish without a running step");
    const out = this.#out;
    const prefilled = out.prefilled;
    const emitted = out.emitted;
    const finished = out.finished;
    prefilled.length = 0;
    emitted.length = 0;
    finished.length = 0;
    for (const w of plan.prefill) {
      const s = w.seq;
      if (s.state !== "running") continue;
      s.prefilled += w.tokens;
      s.computed += w.tokens;
      if (s.prefilled >= s.prefillTarget && w.tokens > 0) {
        this.kv.publishPrefix(s);
        prefilled.push(s);
      }
    }
    for (const s of plan.decode) {
      if (s.state !== "running") continue;
      const n = Math.min(this.#emit(), s.output - s.generated);
      s.generated += n;
      s.computed += n;
      emitted.push(s);
      if (s.generated >= s.output) finished.push(s);
    }
    this.plan = undefined;
    this.busy = false;
    return out;
  }

  /** Take a sequence off the running list (order kept: schedulers read it in admission order). */
  #unrun(s: Seq) {
    const i = this.running.indexOf(s);
    if (i >= 0) this.running.splice(i, 1);
  }

  /** Remove a sequence from this replica (finished, cancelled or moved), freeing its KV. */
  drop(s: Seq): void {
    if (s.state === "waiting") this.waiting.remove(s);
    else this.#unrun(s);
    this.kv.release(s);
  }

  /** Hand a sequence whose prompt is done to another pool: off the running list, KV kept. */
  handOff(s: Seq): void {
    this.#unrun(s);
  }
}
