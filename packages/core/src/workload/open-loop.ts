/**
 * An open-loop stream of independent requests (autocomplete, next-edit, apply, chat): arrival
 * times from an {@link ArrivalProcess}, lengths from distributions, users from a fixed pool
 * (uniformly), optional per-user prefix reuse, supersession and random client cancellation.
 * Generation is lazy and O(users) in memory.
 * @module
 */
import { z } from "zod";
import { ArrivalProcess, type ArrivalSpec, type StopSpec } from "./arrivals.js";
import { clamp, clipSchema, compile, compileCount, distSchema, type Clip, type Dist, type Sampler } from "./distributions.js";
import { PREFIX_DEFAULTS, UserContexts, type PrefixReuse } from "./prefix.js";
import type { Rng } from "./random.js";
import { BlockIds, NO_FOLLOW_UPS, type RequestSpec, type WorkloadSource } from "./request.js";

/** Output length as a fraction of the prompt (full-file rewrite: output ≈ 0.9 × input). */
export interface InputFraction {
  readonly type: "input-fraction";
  /** Output tokens per prompt token. */
  readonly fraction: number;
  /** Output tokens range, lo ≤ hi. */
  readonly clip?: Clip | undefined;
}

/** An output-length model: a distribution of tokens, or a fraction of the prompt. */
export type OutputSpec = Dist | InputFraction;

export const outputSchema = z.union([
  distSchema,
  z.strictObject({
    type: z.literal("input-fraction"),
    fraction: z.number().positive(),
    clip: clipSchema.optional(),
  }),
]);

/** Random client-side cancellation ("Azure-style p_cancel"). */
export interface CancelSpec {
  /** Probability that a request is abandoned, in [0, 1]. */
  readonly p: number;
  /** Seconds after arrival at which an abandoned request is cancelled. */
  readonly after: Dist;
}

export const cancelSchema = z.strictObject({ p: z.number().min(0).max(1), after: distSchema });

/** Everything an open-loop stream needs, already validated and resolved. */
export interface OpenLoopSpec {
  readonly name: string;
  /** Prompt tokens. */
  readonly input: Dist;
  readonly output: OutputSpec;
  readonly arrival: ArrivalSpec;
  readonly stop: StopSpec;
  /** Size of the user pool (≥ 1); no `user` field when absent and nothing needs users. */
  readonly users?: number | undefined;
  readonly prefix?: PrefixReuse | undefined;
  /** Each request cancels its user's in-flight earlier request. Default false. */
  readonly supersede?: boolean | undefined;
  readonly cancel?: CancelSpec | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function outputSampler(out: OutputSpec): (rng: Rng, input: number) => number {
  if (out.type === "input-fraction") {
    const { fraction, clip } = out;
    return (_rng, input) => Math.max(1, clamp(Math.round(fraction * input), clip));
  }
  return compileCount(out);
}

/** A lazily generated open-loop {@link WorkloadSource}. */
export class OpenLoopSource implements WorkloadSource {
  readonly name: string;
  readonly blockTokens: number;
  private readonly arrivals: ArrivalProcess;
  private readonly inputLen: Sampler;
  private readonly outputLen: (rng: Rng, input: number) => number;
  private readonly contexts: UserContexts | undefined;
  private readonly cancelAfter: Sampler | undefined;
  private readonly lengthRng: Rng;
  private readonly userRng: Rng;
  private readonly cancelRng: Rng;
  private nextId = 0;

  constructor(
    private readonly spec: OpenLoopSpec,
    rng: Rng,
  ) {
    this.name = spec.name;
    this.arrivals = new ArrivalProcess(spec.arrival, spec.stop, rng.fork("arrivals"));
    this.lengthRng = rng.fork("lengths");
    this.userRng = rng.fork("users");
    this.cancelRng = rng.fork("cancel");
    this.inputLen = compileCount(spec.input);
    this.outputLen = outputSampler(spec.output);
    this.contexts = spec.prefix ? new UserContexts(spec.prefix, new BlockIds(), rng.fork("prefix")) : undefined;
    this.blockTokens = this.contexts?.blockTokens ?? PREFIX_DEFAULTS.blockTokens;
    this.cancelAfter = spec.cancel && spec.cancel.p > 0 ? compile(spec.cancel.after) : undefined;
  }

  nextArrival(): RequestSpec | undefined {
    const arrival = this.arrivals.next();
    if (arrival === undefined) return undefined;
    const { spec, contexts } = this;
    const id = this.nextId++;
    const supersedes = spec.supersede ?? false;
    const users = spec.users ?? (contexts || supersedes ? 1 : 0);
    let r: Mutable<RequestSpec>;
    // One object literal per case keeps a single hidden class per source (1M requests: speed matters).
    if (contexts) {
      const user = this.userRng.below(users);
      const p = contexts.prompt(user, this.inputLen, this.lengthRng);
      const output = this.outputLen(this.lengthRng, p.input);
      r = { id, arrival, input: p.input, output, user, session: p.context, blocks: p.blocks, supersedes };
    } else {
      const input = this.inputLen(this.lengthRng);
      const output = this.outputLen(this.lengthRng, input);
      r = users > 0 ? { id, arrival, input, output, user: this.userRng.below(users), supersedes } : { id, arrival, input, output };
    }
    const cancel = spec.cancel;
    if (this.cancelAfter && cancel && this.cancelRng.next() < cancel.p) r.cancelAfter = Math.max(0, this.cancelAfter(this.cancelRng));
    return r;
  }

  onFinish(): readonly RequestSpec[] {
    return NO_FOLLOW_UPS;
  }
}
