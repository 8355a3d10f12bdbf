/**
 * The shape of one engine step: prefill chunks (new tokens on top of cached context) and decode
 * sequences (grouped by context length). Counts are tokens; a group stands for `count` identical
 * members, so a batch of 64 equal sequences costs one entry.
 * @module
 */

export interface PrefillChunk {
  /** New prompt tokens computed in this step. */
  readonly tokens: number;
  /** Tokens already in the KV cache before this chunk (earlier chunks or a prefix-cache hit). */
  readonly context: number;
  /** Identical chunks in the step (default 1). */
  readonly count?: number;
  /** Does the chunk finish its prompt (so it produces logits and the first token)? Default true. */
  readonly last?: boolean;
}

export interface DecodeGroup {
  /** Sequences in the group. */
  readonly count: number;
  /** KV length each sequence attends over (prompt + tokens generated so far). */
  readonly context: number;
  /**
   * KV length of the group's longest sequence, when the group stands for sequences of different
   * lengths at their mean `context` (default: `context`). Only a serial decode-attention kernel
   * reads it: its step waits for the longest sequence.
   */
  readonly longest?: number;
}

export interface BatchShape {
  readonly prefill: readonly PrefillChunk[];
  readonly decode: readonly DecodeGroup[];
  /** Tokens each decode sequence verifies per step (1 + speculative draft length); default 1. */
  readonly tokensPerDecode?: number;
}

/** Batch of `n` fresh prompts of `len` tokens. */
export const prefillBatch = (n: number, len: number, context = 0): BatchShape => ({ prefill: [{ tokens: len, context, count: n }], decode: [] });

/** Batch of `n` decoding sequences at context `ctx`. */
export const decodeBatch = (n: number, ctx: number, tokensPerDecode = 1): BatchShape => ({ prefill: [], decode: [{ count: n, context: ctx }], tokensPerDecode });

/**
 * Σ over the chunk's queries of the keys each attends to, causal, with an optional window:
 * query i (1-based) of a chunk on top of `context` cached tokens sees min(context + i, window) keys.
 */
export function causalKeys(tokens: number, context: number, window: number | null): number {
  const full = tokens * context + (tokens * (tokens + 1)) / 2;
  if (window === null || context + tokens <= window) return full;
  // Queries with context + i <= window see context + i keys; the rest see `window`.
  const under = Math.max(0, Math.min(tokens, window - context));
  const below = under * context + (under * (under + 1)) / 2;
  return below + (tokens - under) * window;
}
