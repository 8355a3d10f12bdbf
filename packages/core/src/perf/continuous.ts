/**
 * Continuous batching in steady state (analytical). With n requests in flight, each of I prompt
 * and O output tokens, an engine with a step budget of B tokens runs a cycle of
 * `steps = max(O, n·(I+O)/B)` mixed steps; each carries n·O/steps decode tokens (at the mean
 * context I + O/2) and n·I/steps prompt tokens, sharing one read of the weights. Then
 *
 *   output tokens/s = n·O / (steps·t),  TPOT = steps·t / O,
 *
 * where t is the mixed step's cost. Under an open arrival rate λ the same step carries
 * N = λ·O·t decodes and λ·I·t prompt tokens, solved as a fixed point (`servingPoint`); when N
 * would exceed the KV room or the batch cap the point is saturated and runs at capacity.
 * The discrete-event simulator replaces this wherever queueing detail matters.
 * @module
 */
import { memoryPlan } from "./memory-plan.js";
import type { BatchShape } from "./batch.js";
import type { CostModel } from "./step-cost.js";

export interface MixedStep {
  /** Mixed step time, s. */
  readonly step: number;
  /** Steps per cycle. */
  readonly steps: number;
  /** Output tokens/s per replica. */
  readonly outputTokensPerSecond: number;
  /** Time per output token a user sees, s. */
  readonly tpot: number;
  /** Prompt tokens a step can admit next to its decodes. */
  readonly prefillRoom: number;
}

/**
 * A step of `decodes` sequences at context `ctx` and `prefill` prompt tokens, counted as a
 * (fractional) number of whole `input`-token prompts so that attention work stays proportional.
 */
export function mixedShape(decodes: number, ctx: number, prefill: number, input: number, tokensPerDecode = 1): BatchShape {
  const len = Math.max(1, input);
  return {
    prefill: prefill > 0 ? [{ tokens: len, context: 0, count: prefill / len }] : [],
    decode: decodes > 0 ? [{ count: decodes, context: ctx }] : [],
    tokensPerDecode,
  };
}

/** Speculative decoding inside a decode step: tokens verified, tokens emitted, drafting cost. */
export interface DecodeSpec {
  /** Tokens each sequence verifies per step (k + 1). */
  readonly verify: number;
  /** Expected tokens emitted per step. */
  readonly emitted: number;
  /** Drafting time per step for `decodes` sequences, s. */
  readonly draft: (decodes: number) => number;
}

export const PLAIN_DECODE: DecodeSpec = { verify: 1, emitted: 1, draft: () => 0 };

/**
 * Steady state of `n` requests in flight (closed loop: each finished request is replaced). Prompts
 * ride whole (or in budget-sized chunks) in some steps of the cycle rather than smeared over all
 * of them, which matters for MoE models: a step with a prompt in it touches more experts.
 */
export function mixedCycle(cm: CostModel, n: number, input: number, output: number, spec: DecodeSpec = PLAIN_DECODE, context?: number): MixedStep {
  const budget = cm.deployment.maxTokensPerStep;
  // Decodes attend over the whole context (cached prefix included); only `input` tokens are computed.
  const ctx = context ?? input + output / 2;
  // The prompt's step emits the first token; the other output − 1 come from decode steps.
  const decodeSteps = Math.max(0, output - 1) / spec.emitted; // per sequence
  const steps = Math.max(decodeSteps, (n * (input + decodeSteps * spec.verify)) / budget, 1e-9);
  const decodes = (n * decodeSteps) / steps;
  const room = Math.max(1, budget - decodes * spec.verify);
  // Steps that carry prompt tokens: each prompt needs ⌈I / room⌉ of them, at most every step.
  const promptSteps = input > 0 ? Math.min(steps, n * Math.ceil(input / room)) : 0;
  const draft = decodes > 0 ? spec.draft(decodes) : 0;
  const tPrompt = promptSteps > 0 ? cm.step(mixedShape(decodes, ctx, (n * input) / promptSteps, input, spec.verify)).time + draft : 0;
  const tDecode = steps > promptSteps ? cm.step(mixedShape(decodes, ctx, 0, input, spec.verify)).time + draft : 0;
  const cycle = promptSteps * tPrompt + (steps - promptSteps) * tDecode;
  return { step: cycle / steps, steps, outputTokensPerSecond: (n * output) / cycle, tpot: cycle / Math.max(1, output - 1), prefillRoom: room };
}

export interface ServingPointSpec {
  /** Arrival rate per replica, requests/s. */
  readonly rate: number;
  readonly input: number;
  readonly output: number;
}

export interface ServingPoint {
  /** Mean decoding sequences in flight. */
  readonly concurrency: number;
  /** Mean time per output token, s. */
  readonly tpot: number;
  /** Mean time to first token, s. */
  readonly ttft: number;
  /** Output tokens/s per replica. */
  readonly outputTokensPerSecond: number;
  /** Demand exceeds capacity: a queue grows without bound. */
  readonly saturated: boolean;
}

export function servingPoint(cm: CostModel, s: ServingPointSpec): ServingPoint {
  const d = cm.deployment;
  const budget = d.maxTokensPerStep;
  const ctx = s.input + s.output / 2;
  const cap = Math.max(1, Math.min(d.maxBatch, memoryPlan(d, { batch: 1, context: s.input + s.output }, cm.shard).maxSequences));
  const at = (n: number, p: number) => cm.step(mixedShape(n, ctx, p, s.input)).time;
  let t = at(1, 0);
  for (let i = 0; i < 100; i++) {
    const n = Math.min(cap, s.rate * s.output * t);
    const p = Math.min(s.rate * s.input * t, Math.max(0, budget - n));
    const next = at(Math.max(1, n), p);
    const done = Math.abs(next - t) <= 1e-9 * t;
    t = next;
    if (done) break;
  }
  const want = s.rate * s.output * t;
  const n = Math.min(cap, want);
  const saturated = want > cap || s.rate * s.input * t > Math.max(0, budget - n) + 1e-9;
  if (saturated) {
    const c = mixedCycle(cm, cap, s.input, s.output);
    const chunks = Math.ceil(s.input / c.prefillRoom);
    return { concurrency: cap, tpot: c.tpot, ttft: (0.5 + chunks) * c.step, outputTokensPerSecond: c.outputTokensPerSecond, saturated: true };
  }
  // A request waits for the running step, then its prompt rides in ⌈I / room⌉ mixed steps.
  const room = Math.max(1, budget - n);
  const chunks = Math.ceil(s.input / room);
  const own = at(Math.max(1, n), Math.min(s.input, room) + s.rate * s.input * t);
  return { concurrency: n, tpot: t, ttft: 0.5 * t + chunks * own, outputTokensPerSecond: s.rate * s.output, saturated: false };
}
