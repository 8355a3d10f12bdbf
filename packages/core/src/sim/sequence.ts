/**
 * A request inside the simulator: its spec plus mutable progress. Only the simulator mutates a
 * Seq; schedulers read it through the view.
 * @module
 */
import type { RequestSpec } from "../workload/request.js";
import type { Replica } from "./replica.js";

/** waiting: queued on a replica; running: admitted; handoff: prompt done, queued for a decode replica; transferring: KV on the wire. */
export type SeqState = "waiting" | "running" | "handoff" | "transferring" | "done" | "cancelled";

export class Seq {
  readonly spec: RequestSpec;
  state: SeqState = "waiting";
  /** Prompt tokens already in the KV cache (prefix hits and computed prefill). */
  prefilled = 0;
  /** Prompt tokens that came from the prefix cache at admission. */
  cached = 0;
  /** Output tokens emitted. */
  generated = 0;
  /** KV blocks this sequence owns (not counting shared prefix entries). */
  blocks = 0;
  /** Prefix-cache entries this sequence holds a reference to. */
  entries: number[] = [];
  /** Times, seconds. */
  admittedAt = -1;
  firstTokenAt = -1;
  lastTokenAt = -1;
  /** Disaggregated serving: when the prompt finished on the prefill pool, s (-1 = not yet). */
  prefilledAt = -1;
  /** Times this sequence was preempted (and recomputed). */
  preemptions = 0;
  /** The replica the sequence is queued or running on (during a handoff: the one holding its prompt's KV). */
  replica: Replica | undefined = undefined;
  /** Disaggregated serving, from handoff until its KV has arrived: the decode replica it goes to. */
  handoffTo: Replica | undefined = undefined;
  /** Tokens of work computed for this request (prefill + decode), for wasted-work accounting. */
  computed = 0;
  /** Output tokens generated before the last preemption: recomputed with the prompt. */
  replay = 0;
  /** Prefix-cache hit memo: the KV cache version it was computed at, and the hit entries' slots. */
  hitVersion = -1;
  hitSlots: number[] = [];

  constructor(spec: RequestSpec) {
    this.spec = spec;
  }

  get input(): number {
    return this.spec.input;
  }
  get output(): number {
    return this.spec.output;
  }
  /** Tokens to prefill before decoding: the prompt, plus replayed output after a preemption. */
  get prefillTarget(): number {
    return this.spec.input + this.replay;
  }
  /** Prefill still to compute. */
  get prefillLeft(): number {
    return this.prefillTarget - this.prefilled;
  }
  /** Tokens in the KV cache (prompt so far + generated not being replayed). */
  get context(): number {
    return this.prefilled + this.generated - this.replay;
  }
  get decoding(): boolean {
    return this.prefilled >= this.prefillTarget && this.generated < this.spec.output;
  }
}

/**
 * KV tokens a request holds at its peak: prompt, output, and the last decode step's extra verify
 * tokens (a speculative step grows the KV by the verify width before knowing how many are accepted).
 */
export const peakContext = (req: { readonly input: number; readonly output: number }, verify: number): number => req.input + req.output + verify - 1;
