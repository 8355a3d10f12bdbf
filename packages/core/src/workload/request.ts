/**
 * What the serving simulator consumes: one {@link RequestSpec} per LLM call, pulled from a
 * {@link WorkloadSource} that generates lazily (a million requests never sit in memory at once).
 *
 * Open-loop sources (presets with independent requests, trace replay) answer `nextArrival()` in
 * arrival order. Closed-loop sources (agent sessions) also emit follow-up requests from
 * `onFinish()`, whose arrival is after the finish time; the simulator merges both streams.
 * @module
 */

/** One LLM request. Times are seconds since the start of the workload; lengths are tokens. */
export interface RequestSpec {
  /** Unique, increasing in generation order (not necessarily in arrival order for closed loops). */
  readonly id: number;
  /** Arrival time, seconds since start. */
  readonly arrival: number;
  /** Prompt tokens (≥ 1). */
  readonly input: number;
  /** Output tokens to generate (≥ 1). */
  readonly output: number;
  /** Client/user id, for supersession and prefix affinity. */
  readonly user?: number;
  /** Agent session id (agent presets) or typing-burst/context id (autocomplete-style presets). */
  readonly session?: number;
  /**
   * Prefix-cache block hashes of the prompt, one per `blockTokens` tokens
   * (`ceil(input / blockTokens)` of them, the last one possibly partial). A shared prefix means
   * equal leading hashes; hashes are otherwise unique within a source.
   */
  readonly blocks?: readonly number[];
  /** Autocomplete: arriving cancels this user's in-flight earlier request. Default false. */
  readonly supersedes?: boolean;
  /** The client gives up this many seconds after arrival. Default: never. */
  readonly cancelAfter?: number;
}

/** A lazily generated stream of requests. */
export interface WorkloadSource {
  /** Preset or trace name, for reports. */
  readonly name: string;
  /** Tokens per prefix block (e.g. 16 for synthetic presets, 512 for Mooncake). */
  readonly blockTokens: number;
  /** Next open-loop request in arrival order, or undefined when no more (closed-loop sources may still emit follow-ups). */
  nextArrival(): RequestSpec | undefined;
  /** A request finished (or was cancelled) at time t: closed-loop sources return follow-ups with arrival > t. */
  onFinish(req: RequestSpec, t: number, cancelled: boolean): readonly RequestSpec[];
}

/** The shared answer of open-loop sources to `onFinish`: no follow-ups. */
export const NO_FOLLOW_UPS: readonly RequestSpec[] = Object.freeze([]);

/**
 * Pull up to `limit` open-loop arrivals into an array: for tests, previews and small exports only
 * (the simulator streams instead). Follow-ups of closed-loop sources are not included.
 */
export function takeArrivals(source: WorkloadSource, limit: number): RequestSpec[] {
  const out: RequestSpec[] = [];
  while (out.length < limit) {
    const r = source.nextArrival();
    if (r === undefined) break;
    out.push(r);
  }
  return out;
}

/** A counter handing out fresh prefix-block hashes, unique within one source. */
export class BlockIds {
  private nextId = 1;
  /** One fresh hash. */
  fresh(): number {
    return this.nextId++;
  }
  /** Reserve `n` consecutive fresh hashes and return the first. */
  take(n: number): number {
    const first = this.nextId;
    this.nextId += n;
    return first;
  }
  /** Append `n` fresh hashes to `into`. */
  push(into: number[], n: number): void {
    let id = this.take(n);
    for (let i = 0; i < n; i++) into.push(id++);
  }
}
