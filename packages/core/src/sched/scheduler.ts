/**
 * The scheduler interface: each engine step a scheduler reads a read-only view of one replica
 * (queues, KV room, limits) and returns a plan — which prompts get how many prefill tokens, which
 * sequences decode, which running ones are preempted. It never mutates state; the simulator
 * validates and applies the plan. One file per policy; all pass one conformance suite.
 * @module
 */
import type { Seq } from "../sim/sequence.js";

export interface KvView {
  /** KV blocks free now, counting evictable prefix-cache entries. */
  readonly available: number;
  /** Blocks a sequence needs beyond what it holds to hold `tokens` more KV tokens. */
  growth(seq: Seq, tokens: number): number;
  /** Blocks a waiting sequence needs to be admitted with `tokens` of its prompt (prefix hits subtracted). */
  admission(seq: Seq, tokens: number): number;
  /** Prompt tokens the prefix cache would supply to a waiting sequence. */
  hits(seq: Seq): number;
}

/** A read-only ordered list, read by index (arrays satisfy it; the simulator passes a queue). */
export interface SeqList {
  readonly length: number;
  at(i: number): Seq | undefined;
}

export interface SchedulerView {
  readonly now: number;
  /** Waiting sequences in arrival order (preempted ones first). */
  readonly waiting: SeqList;
  /** Admitted sequences: prefilling or decoding. */
  readonly running: readonly Seq[];
  readonly kv: KvView;
  /** Token budget per step (chunked-prefill budget / max_num_batched_tokens). */
  readonly maxTokens: number;
  /** Sequences per step (max_num_seqs). */
  readonly maxSeqs: number;
  /** Tokens a decode step verifies per sequence (1 + speculative draft length). */
  readonly tokensPerDecode: number;
}

export interface PrefillWork {
  readonly seq: Seq;
  /** Prompt tokens computed this step (≤ seq.prefillLeft after admission's prefix hits). */
  readonly tokens: number;
}

export interface StepPlan {
  readonly prefill: readonly PrefillWork[];
  readonly decode: readonly Seq[];
  /** Running sequences to evict (KV freed; they return to the waiting queue and recompute). */
  readonly preempt: readonly Seq[];
  /** With no work now: when to ask again (static batching waiting for a fuller batch), s. */
  readonly wakeAt?: number;
}

export const IDLE: StepPlan = { prefill: [], decode: [], preempt: [] };

export interface Scheduler {
  plan(view: SchedulerView): StepPlan;
}

/** Options every scheduler factory accepts. */
export interface SchedulerOptions {
  /** Static batching: wait at most this long for a full batch, s (default 0.05). */
  readonly maxWait?: number;
}

/** The running sequences that are past their prompt and decoding. */
export function decoding(view: SchedulerView): Seq[] {
  const out: Seq[] = [];
  for (const s of view.running) if (s.decoding) out.push(s);
  return out;
}

const NONE: Seq[] = [];

/** The decodes that fit, the sequences preempted to make room, and the KV blocks both account for. */
export interface DecodeFit {
  readonly keep: Seq[];
  readonly preempt: Seq[];
  /** Blocks the kept decodes grow by this step. */
  readonly need: number;
  /** Blocks the preempted sequences free. */
  readonly freed: number;
}

/**
 * Preempt the most recently admitted running sequences until the decodes of the rest fit in the
 * free KV (vLLM's recompute policy). Takes ownership of `candidates`; returns the survivors, the
 * preempted, and the blocks they take and free (KV left after the decodes: available + freed − need).
 */
export function fitDecodes(view: SchedulerView, candidates: Seq[]): DecodeFit {
  const keep = candidates;
  let need = 0;
  for (const s of keep) need += view.kv.growth(s, view.tokensPerDecode);
  if (need <= view.kv.available) return { keep, preempt: NONE, need, freed: 0 };
  const preempt: Seq[] = [];
  let freed = 0;
  while (keep.length > 0 && need > view.kv.available + freed) {
    // Newest admission first.
    let idx = 0;
    for (let i = 1; i < keep.length; i++) if (keep[i]!.admittedAt > keep[idx]!.admittedAt || (keep[i]!.admittedAt === keep[idx]!.admittedAt && keep[i]!.spec.id > keep[idx]!.spec.id)) idx = i;
    const [victim] = keep.splice(idx, 1);
    need -= view.kv.growth(victim!, view.tokensPerDecode);
    freed += victim!.blocks;
    preempt.push(victim!);
  }
  return { keep, preempt, need, freed };
}
