/**
 * Continuous batching in steady state (analytical). With n requests in flight, each of I prompt
 * and O output tokens, an engine with a step budget of B tokens runs a cycle of
 * `steps = max(O, n·(I+O)/B)` mixed steps; each carries n·O/steps decode tokens (at the mean
 * context I + O/2) and n·I/steps prompt tokens, sharing one read of the weights. Then
 *
 *   output tokens/s = n·O / (steps·t),  TPOT = steps·t / O,
 *
 * where t is the mixed step's cost. Prompt tokens attend over their cached prefix (the context
 * already in the KV cache). Under open arrivals the discrete-event simulator replaces this.
 * @module
 */
import { seconds, type Seconds } from "../units.js";
import type { BatchShape } from "./batch.js";
import { stepTokenBudget } from "./deployment.js";
import type { CostModel } from "./step-cost.js";

export interface MixedStep {
  /** Mean mixed step time. */
  readonly step: Seconds;
  /** Steps per cycle. */
  readonly steps: number;
  /** Output tokens/s per replica. */
  readonly outputTokensPerSecond: number;
  /** Time per output token a user sees. */
  readonly tpot: Seconds;
  /** Prompt tokens a step can admit next to its decodes. */
  readonly prefillRoom: number;
}

/** Optional parts of a {@link mixedShape}: tokens per decode (speculative verify), the prompts' cached prefix, the longest decode context (default `ctx`). */
export interface MixedShapeOptions {
  readonly tokensPerDecode?: number;
  readonly cached?: number;
  readonly longest?: number;
}

/**
 * A step of `decodes` sequences at context `ctx` and `prefill` prompt tokens, counted as a
 * (fractional) number of whole `input`-token prompts so that attention work stays proportional.
 */
export function mixedShape(decodes: number, ctx: number, prefill: number, input: number, { tokensPerDecode = 1, cached = 0, longest = ctx }: MixedShapeOptions = {}): BatchShape {
  const len = Math.max(1, input);
  return {
    prefill: prefill > 0 ? [{ tokens: len, context: cached, count: prefill / len }] : [],
    decode: decodes > 0 ? [{ count: decodes, context: ctx, longest }] : [],
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

/** What shapes a {@link mixedCycle} beyond its load. */
export interface CycleOptions {
  /** Decoding per step (speculative or plain; default plain). */
  readonly spec?: DecodeSpec | undefined;
  /** Context the decodes attend over, tokens (default: the whole prompt + half the output). */
  readonly context?: number | undefined;
  /** Prefix tokens per request already in the KV cache: attended over, not computed (default 0). */
  readonly cached?: number | undefined;
}

/**
 * One steady cycle with `n` requests in flight (closed loop: each finished request is replaced):
 * `input` prompt tokens computed per request and `output` tokens generated. Prompts ride whole (or
 * in budget-sized chunks) in some steps of the cycle rather than smeared over all of them, which
 * matters for MoE models: a step with a prompt in it touches more experts.
 */
export function mixedCycle(cm: CostModel, n: number, input: number, output: number, opts: CycleOptions = {}): MixedStep {
  const spec = opts.spec ?? PLAIN_DECODE;
  const cached = opts.cached ?? 0;
  const context = opts.context;
  const budget = stepTokenBudget(cm.deployment);
  // Decodes attend over the whole context (cached prefix included); only `input` tokens are computed.
  const ctx = context ?? cached + input + output / 2;
  // The oldest request in flight, which a serial decode-attention kernel waits for.
  const longest = context === undefined ? cached + input + output : ctx;
  // The prompt's step emits the first token; the other output − 1 come from decode steps.
  const decodeSteps = Math.max(0, output - 1) / spec.emitted; // per sequence
  const steps = Math.max(decodeSteps, (n * (input + decodeSteps * spec.verify)) / budget, 1e-9);
  const decodes = (n * decodeSteps) / steps;
  const room = Math.max(1, budget - decodes * spec.verify);
  // Steps that carry prompt tokens: each prompt needs ⌈I / room⌉ of them, at most every step.
  const promptSteps = input > 0 ? Math.min(steps, n * Math.ceil(input / room)) : 0;
  const draft = decodes > 0 ? spec.draft(decodes) : 0;
  const tPrompt = promptSteps > 0 ? cm.step(mixedShape(decodes, ctx, (n * input) / promptSteps, input, { tokensPerDecode: spec.verify, cached, longest })).time + draft : 0;
  const tDecode = steps > promptSteps ? cm.step(mixedShape(decodes, ctx, 0, input, { tokensPerDecode: spec.verify, longest })).time + draft : 0;
  const cycle = promptSteps * tPrompt + (steps - promptSteps) * tDecode;
  return { step: seconds(cycle / steps), steps, outputTokensPerSecond: (n * output) / cycle, tpot: seconds(cycle / Math.max(1, output - 1)), prefillRoom: room };
}

/**
 * Time to first token in a steady mixed cycle: a request waits half a running step, then its
 * `input` prompt tokens ride in ⌈input / room⌉ mixed steps.
 */
export function steadyStateTtft(c: MixedStep, input: number): Seconds {
  return seconds((0.5 + Math.ceil(input / c.prefillRoom)) * c.step);
}
