/**
 * One replica of a deployment inside the simulator: its queues, KV cache, scheduler and cost
 * model. `start` asks the scheduler for a plan, applies admissions, preemptions and KV growth,
 * and prices the step (`StepPricer`); `finish` applies the step's progress and reports what
 * happened (first tokens, emitted tokens, finished and prefill-complete sequences).
 * @module
 */
import { internalError } from "../errors.js";
import type { DecodeSpec } from "../perf/continuous.js";
import { batchCap, stepTokenBudget, type Deployment } from "../perf/deployment.js";
import type { KvView, Scheduler, SchedulerView, StepPlan } from "../sched/scheduler.js";
import type { Rng } from "../workload/random.js";
import type { KvCache } from "./kv-cache.js";
import { SeqQueue } from "./queue.js";
import type { Seq } from "./sequence.js";
import type { StepPricer } from "./step-price.js";

/**
 * What a step did. The arrays are reused by the next step (read them before finishing another) and
 * only their first `n…` entries belong to this step: counts, not lengths, so that the arrays keep
 * their storage from step to step (emptying a V8 array by `length = 0` frees it).
 */
export interface StepOutcome {
  /** Sequences whose prompt finished this step (they emit their first token unless replaying). */
  readonly prefilled: readonly Seq[];
  readonly nPrefilled: number;
  /** Sequences that emitted tokens this step. */
  readonly emitted: readonly Seq[];
  readonly nEmitted: number;
  /** Tokens the emitting sequences produced (more than `nEmitted` when speculation accepts several). */
  readonly tokens: number;
  /** Sequences that emitted their last token. */
  readonly finished: readonly Seq[];
  readonly nFinished: number;
}

export interface Speculation extends DecodeSpec {
  readonly acceptance: number;
  readonly length: number;
}

/** The scheduler's view, refreshed in place each step. */
interface LiveView extends SchedulerView {
  now: number;
  readonly kv: KvView & { available: number };
}

class Outcome implements StepOutcome {
  readonly prefilled: Seq[] = [];
  nPrefilled = 0;
  readonly emitted: Seq[] = [];
  nEmitted = 0;
  tokens = 0;
  readonly finished: Seq[] = [];
  nFinished = 0;
}

export class Replica {
  readonly waiting = new SeqQueue();
  /** Disaggregated decode replicas: prompts done on the prefill pool, waiting (FIFO) for room here to send their KV. */
  readonly inbound = new SeqQueue();
  readonly running: Seq[] = [];
  busy = false;
  plan: StepPlan | undefined;
  /** Wake-up already scheduled (static batching), s; -1 = none. */
  wakeAt = -1;
  /** When the last `start` found nothing to do: when the scheduler asked to be asked again, s; -1 = never. */
  wantsWake = -1;
  /** Tokens each decode verifies per step (1 + speculative draft length). */
  readonly verify: number;
  /** Token budget and sequence cap per step. */
  readonly maxTokens: number;
  readonly maxSeqs: number;
  readonly #out = new Outcome();
  readonly #view: LiveView;
  /** This replica's step and wake events (reused payloads). */
  readonly stepEvent: { readonly type: "step"; readonly rep: Replica } = { type: "step", rep: this };
  readonly wakeEvent: { readonly type: "wake"; readonly rep: Replica } = { type: "wake", rep: this };

  constructor(
    readonly index: number,
    readonly pool: string,
    readonly deployment: Deployment,
    /** Prices this replica's steps; shared by the replicas of a pool (its memo is a pure function of the batch). */
    readonly pricer: StepPricer,
    readonly scheduler: Scheduler,
    readonly kv: KvCache,
    readonly spec: Speculation | undefined,
    readonly rng: Rng,
  ) {
    this.verify = pricer.verify;
    this.maxTokens = stepTokenBudget(deployment);
    this.maxSeqs = batchCap(deployment);
    this.#view = {
      now: 0,
      waiting: this.waiting,
      running: this.running,
      kv: {
        available: 0,
        growth: (s: Seq, t: number) => kv.growth(s, t),
        admission: (s: Seq, t: number) => kv.admission(s, t),
        hits: (s: Seq) => kv.hits(s),
      },
      maxTokens: this.maxTokens,
      maxSeqs: this.maxSeqs,
      tokensPerDecode: this.verify,
    };
  }

  /** Requests here (queued or admitted). */
  get outstanding(): number {
    return this.waiting.length + this.running.length;
  }

  /**
   * Plan the next step and apply it (admissions, preemptions, KV growth). Returns its duration, s,
   * or NaN when there is nothing to do (then `wantsWake` says when to ask again).
   */
  start(now: number): number {
    const v = this.#view;
    v.now = now;
    v.kv.available = this.kv.available;
    const plan = this.scheduler.plan(v);
    if (!plan.prefill.length && !plan.decode.length && !plan.preempt.length) {
      this.wantsWake = plan.wakeAt ?? -1;
      return NaN;
    }
    for (const s of plan.preempt) this.#preempt(s);
    // Admit every new prompt before any KV grows: an admission references its prefix-cache hits, so
    // another prompt's growth in the same step cannot evict the hits the plan counted on.
    for (const w of plan.prefill) if (w.seq.state === "waiting") this.#admit(w.seq, now);
    for (const w of plan.prefill) this.kv.grow(w.seq, w.tokens);
    const verify = this.verify;
    for (const s of plan.decode) this.kv.grow(s, verify);
    this.plan = plan;
    this.busy = true;
    return this.pricer.price(plan) + (plan.decode.length && this.spec ? this.spec.draft(plan.decode.length) : 0);
  }

  #admit(s: Seq, now: number) {
    if (!this.waiting.remove(s)) throw internalError(`admitted sequence ${s.spec.id} was not waiting`);
    const cached = this.kv.admit(s);
    if (s.prefilled < cached) {
      s.cached = cached - s.prefilled;
      s.prefilled = cached;
    }
    if (s.admittedAt < 0) s.admittedAt = now;
    s.state = "running";
    s.replica = this;
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
    if (!plan) throw internalError("finish without a running step");
    const out = this.#out;
    const { prefilled, emitted, finished } = out;
    let np = 0;
    let ne = 0;
    let nf = 0;
    let tokens = 0;
    for (const w of plan.prefill) {
      const s = w.seq;
      if (s.state !== "running") continue;
      s.prefilled += w.tokens;
      s.computed += w.tokens;
      if (s.prefilled >= s.prefillTarget && w.tokens > 0) {
        this.kv.publishPrefix(s);
        prefilled[np++] = s;
      }
    }
    for (const s of plan.decode) {
      if (s.state !== "running") continue;
      const n = Math.min(this.#emit(), s.output - s.generated);
      s.generated += n;
      s.computed += n;
      tokens += n;
      emitted[ne++] = s;
      if (s.generated >= s.output) finished[nf++] = s;
    }
    out.nPrefilled = np;
    out.nEmitted = ne;
    out.tokens = tokens;
    out.nFinished = nf;
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
