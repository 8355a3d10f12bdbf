/**
 * Prefix reuse for independent (open-loop) requests: each user works in a "context" (the file
 * around the cursor while typing, or one chat conversation). Consecutive requests of a user in
 * one context share the leading `shareFraction` of the prompt, so they carry equal leading block
 * hashes and a prefix cache can hit them. With probability `newContextProbability` a request
 * starts a new context (a new typing burst, file or conversation) whose hashes are all new.
 *
 * Autocomplete (workloads.md §5 #1: "consecutive requests share ~90 % of prompt, session = a
 * typing burst") uses `sameLength`: the prompt length is drawn once per context, so the marginal
 * length distribution is unchanged (bursts are independent of length) and every follow-up
 * shares floor(0.9·len / blockTokens) blocks. Without `sameLength` each request draws its own
 * length and shares min(shareFraction·len, context so far); the realised hit rate is then lower
 * than `shareFraction`.
 * @module
 */
import { z } from "zod";
import type { BlockIds } from "./request.js";
import type { Sampler } from "./distributions.js";
import type { Rng } from "./random.js";

/** How consecutive requests of one user share a prompt prefix. */
export interface PrefixReuse {
  /** Tokens per prefix block. Default 16 (vLLM's KV block size). */
  readonly blockTokens?: number | undefined;
  /** Fraction of a prompt shared with the user's previous prompt in the same context, in [0, 1]. */
  readonly shareFraction: number;
  /** Probability that a request starts a new context; mean requests per context = 1 / p. */
  readonly newContextProbability: number;
  /** Keep the context's prompt length for all its requests. Default false. */
  readonly sameLength?: boolean | undefined;
}

export const PREFIX_DEFAULTS = { blockTokens: 16, sameLength: false } as const;

export const prefixReuseSchema = z.strictObject({
  blockTokens: z.number().int().positive().optional(),
  shareFraction: z.number().min(0).max(1),
  newContextProbability: z.number().min(0).max(1),
  sameLength: z.boolean().optional(),
});

interface Context {
  readonly id: number;
  readonly len: number;
  /** buf[0, shared) are the context's stable prefix hashes; later slots are scratch for each prompt's tail. */
  readonly buf: number[];
  shared: number;
}

/** What one request gets from its user's context. */
export interface PrefixedPrompt {
  /** Prompt tokens. */
  readonly input: number;
  /** ceil(input / blockTokens) block hashes. */
  readonly blocks: number[];
  /** Context id (typing burst / conversation), reported as the request's `session`. */
  readonly context: number;
}

/** Per-user contexts over a fixed pool of users; memory is O(users × blocks per prompt). */
export class UserContexts {
  readonly blockTokens: number;
  private readonly contexts: (Context | undefined)[] = [];
  private nextContext = 1;

  constructor(
    private readonly reuse: PrefixReuse,
    private readonly ids: BlockIds,
    private readonly rng: Rng,
  ) {
    this.blockTokens = reuse.blockTokens ?? PREFIX_DEFAULTS.blockTokens;
  }

  /** Prompt for the next request of `user`; `drawLength(lengthRng)` samples a prompt length in tokens. */
  prompt(user: number, drawLength: Sampler, lengthRng: Rng): PrefixedPrompt {
    const bt = this.blockTokens;
    let ctx = this.contexts[user];
    let len: number;
    if (ctx === undefined || this.rng.next() < this.reuse.newContextProbability) {
      len = drawLength(lengthRng);
      // Requests hold copies, so the user's previous buffer is reused (no regrowth per context).
      ctx = { id: this.nextContext++, len, buf: ctx?.buf ?? [], shared: 0 };
      this.contexts[user] = ctx;
    } else {
      len = (this.reuse.sameLength ?? PREFIX_DEFAULTS.sameLength) ? ctx.len : drawLength(lengthRng);
    }
    const nBlocks = Math.ceil(len / bt);
    const k = Math.min(nBlocks, Math.floor((this.reuse.shareFraction * len) / bt));
    const { buf } = ctx;
    if (k < ctx.shared) {
      // A shorter prompt than the context's shared part: its tail must not overwrite that part.
      const blocks = buf.slice(0, k);
      this.ids.push(blocks, nBlocks - k);
      return { input: len, blocks, context: ctx.id };
    }
    // Extend the shared prefix (new hashes), write the fresh tail after it in place, then copy
    // once: one slice is ~3x faster than pushing (1M autocomplete prompts ≈ 130M hashes).
    let id = this.ids.take(nBlocks - ctx.shared);
    for (let j = ctx.shared; j < nBlocks; j++) buf[j] = id++;
    ctx.shared = k;
    return { input: len, blocks: buf.slice(0, nBlocks), context: ctx.id };
  }
}
