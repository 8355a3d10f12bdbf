/**
 * Closed-loop coding-agent sessions (workloads.md §5 #5–#7, §5.2). A session is a number of
 * turns (user requests); a turn is a number of LLM steps. Each step's prompt is the session's
 * whole context so far plus a fresh append (user message or tool results); its output joins the
 * context. After a step finishes the agent runs tools (`toolWaitS`) and sends the next step;
 * after a turn's last step the human thinks (`thinkS`) before the next turn. When the next prompt
 * would pass `compactAt × window`, the context is compacted to `compactTo` tokens.
 *
 * Prefix blocks: a step's prompt starts with the previous step's prompt blocks (same hashes), so a
 * prefix cache hits everything but the new tokens (the previous output, the append and the
 * partial last block). Compaction replaces every hash.
 *
 * Starts: open loop (sessions arrive by an {@link ArrivalProcess}) or closed loop (`concurrency`
 * sessions kept running from t = 0; a finished session is replaced after one tool wait, the
 * harness turnaround, as in a batch evaluation).
 * @module
 */
import { z } from "zod";
import { ArrivalProcess, type ArrivalSpec, type StopSpec } from "./arrivals.js";
import { compile, compileCount, distSchema, type Dist, type Sampler } from "./distributions.js";
import type { Rng } from "./random.js";
import { BlockIds, NO_FOLLOW_UPS, type RequestSpec, type WorkloadSource } from "./request.js";

/** The shape of an agent session. Lengths in tokens, waits in seconds. */
export interface SessionSpec {
  /** Turns (user requests) per session, rounded, ≥ 1. */
  readonly turns: Dist;
  /** LLM steps per turn, rounded, ≥ 1. */
  readonly stepsPerTurn: Dist;
  /** Context before the first step (system prompt + tool definitions), tokens. */
  readonly initialContext: Dist;
  /** Fresh prompt tokens appended per step (user message or tool results), tokens. */
  readonly append: Dist;
  /** Output tokens per step. */
  readonly output: Dist;
  /** Context window, tokens. */
  readonly window: number;
  /** Compact when the next prompt would exceed this fraction of the window, in (0, 1]. */
  readonly compactAt: number;
  /** Context tokens right after compaction. */
  readonly compactTo: number;
  /** Seconds from a step's finish to the next step of the same turn (tool execution). */
  readonly toolWaitS: Dist;
  /** Seconds from a turn's last step to the next turn (human think time). Default: `toolWaitS`. */
  readonly thinkS?: Dist | undefined;
  /** Tokens per prefix block. Default 512 (Mooncake's and AIPerf's block). */
  readonly blockTokens?: number | undefined;
  /** KV retention hint for the simulator, seconds (not used by the generator). */
  readonly kvTtlS?: number | undefined;
}

const SESSION_DEFAULTS = { blockTokens: 512 } as const;

export const sessionSchema = z
  .strictObject({
    turns: distSchema,
    stepsPerTurn: distSchema,
    initialContext: distSchema,
    append: distSchema,
    output: distSchema,
    window: z.number().int().positive(),
    compactAt: z.number().gt(0).max(1),
    compactTo: z.number().int().positive(),
    toolWaitS: distSchema,
    thinkS: distSchema.optional(),
    blockTokens: z.number().int().positive().optional(),
    kvTtlS: z.number().positive().optional(),
  })
  .refine((s) => s.compactTo < s.compactAt * s.window, { message: "compactTo must be below compactAt × window", path: ["compactTo"] });

/** How sessions start: by an open-loop process, or `concurrency` kept running (closed loop). */
export type SessionStart = { readonly type: "open"; readonly arrival: ArrivalSpec } | { readonly type: "closed"; readonly concurrency: number };

/** Limits: `requests` counts LLM steps, `duration` drops later steps, `sessions` caps sessions started. */
export interface SessionStop extends StopSpec {
  readonly sessions?: number | undefined;
}

interface Session {
  readonly id: number;
  readonly rng: Rng;
  turnsLeft: number;
  stepsLeft: number;
  /** Context tokens (previous prompt + output). */
  ctx: number;
  /** Hashes of the full blocks of the previous prompt. */
  full: number[];
  pending: number;
}

/** A lazily generated agent-session {@link WorkloadSource}; memory is O(live sessions × blocks). */
export class SessionSource implements WorkloadSource {
  readonly blockTokens: number;
  private readonly s: { turns: Sampler; steps: Sampler; init: Sampler; append: Sampler; output: Sampler; tool: Sampler; think: Sampler };
  private readonly live = new Map<number, Session>();
  private readonly ids = new BlockIds();
  private readonly starts: ArrivalProcess | undefined;
  private readonly sessionRng: Rng;
  private readonly maxAppend: number;
  private nextRequest = 0;
  private nextSession = 0;
  private initial = 0;

  constructor(
    readonly name: string,
    private readonly spec: SessionSpec,
    private readonly start: SessionStart,
    private readonly stop: SessionStop,
    rng: Rng,
  ) {
    this.blockTokens = spec.blockTokens ?? SESSION_DEFAULTS.blockTokens;
    const tool = compile(spec.toolWaitS);
    this.s = {
      turns: compileCount(spec.turns),
      steps: compileCount(spec.stepsPerTurn),
      init: compileCount(spec.initialContext),
      append: compileCount(spec.append),
      output: compileCount(spec.output),
      tool,
      think: spec.thinkS ? compile(spec.thinkS) : tool,
    };
    this.maxAppend = Math.floor(spec.compactAt * spec.window) - spec.compactTo;
    this.sessionRng = rng.fork("sessions");
    this.starts = start.type === "open" ? new ArrivalProcess(start.arrival, { requests: stop.sessions, duration: stop.duration }, rng.fork("starts")) : undefined;
  }

  /** Sessions currently alive (running, waiting on tools or on the human). */
  get liveSessions(): number {
    return this.live.size;
  }

  nextArrival(): RequestSpec | undefined {
    if (this.exhausted()) return undefined;
    if (this.starts) {
      const t = this.starts.next();
      return t === undefined ? undefined : this.begin(t);
    }
    const n = this.start.type === "closed" ? this.start.concurrency : 0;
    if (this.initial >= n || this.nextSession >= (this.stop.sessions ?? Infinity)) return undefined;
    this.initial++;
    return this.begin(0);
  }

  onFinish(req: RequestSpec, t: number, cancelled: boolean): readonly RequestSpec[] {
    const s = req.session === undefined ? undefined : this.live.get(req.session);
    if (s === undefined || s.pending !== req.id) return NO_FOLLOW_UPS;
    let wait: number;
    if (!cancelled && s.stepsLeft > 0) {
      wait = this.s.tool(s.rng);
    } else if (!cancelled && s.turnsLeft > 0) {
      s.turnsLeft--;
      s.stepsLeft = this.s.steps(s.rng);
      wait = this.s.think(s.rng);
    } else {
      this.live.delete(s.id); // done, or the client gave up
      return this.replace(t);
    }
    s.ctx = req.input + req.output;
    const next = this.follow(s, t + wait, t);
    return next ? [next] : NO_FOLLOW_UPS;
  }

  private exhausted(): boolean {
    return this.nextRequest >= (this.stop.requests ?? Infinity);
  }

  /** The follow-up step of `s` at `arrival` (> t), or undefined (and the session ends) past a limit. */
  private follow(s: Session, arrival: number, t: number): RequestSpec | undefined {
    if (this.exhausted() || arrival > (this.stop.duration ?? Infinity)) {
      this.live.delete(s.id);
      return undefined;
    }
    return this.step(s, arrival > t ? arrival : t + 1e-9);
  }

  /** Closed loop: start a replacement session after a harness turnaround. */
  private replace(t: number): readonly RequestSpec[] {
    if (this.start.type !== "closed" || this.nextSession >= (this.stop.sessions ?? Infinity)) return NO_FOLLOW_UPS;
    const s = this.open();
    const first = this.follow(s, t + this.s.tool(s.rng), t);
    return first ? [first] : NO_FOLLOW_UPS;
  }

  private open(): Session {
    const id = this.nextSession++;
    const rng = this.sessionRng.fork(id);
    const s: Session = { id, rng, turnsLeft: 0, stepsLeft: 0, ctx: 0, full: [], pending: -1 };
    s.turnsLeft = this.s.turns(rng) - 1;
    s.stepsLeft = this.s.steps(rng);
    s.ctx = this.s.init(rng);
    this.live.set(id, s);
    return s;
  }

  private begin(t: number): RequestSpec {
    return this.step(this.open(), t);
  }

  /** Build the session's next step: one more step of the current turn. */
  private step(s: Session, arrival: number): RequestSpec {
    const { spec, ids } = this;
    const bt = this.blockTokens;
    const append = Math.min(this.s.append(s.rng), this.maxAppend);
    if (s.ctx + append > spec.compactAt * spec.window) {
      s.ctx = spec.compactTo;
      s.full = [];
    }
    const input = s.ctx + append;
    const nFull = Math.floor(input / bt);
    if (s.full.length < nFull) ids.push(s.full, nFull - s.full.length);
    const blocks = s.full.slice(0, nFull);
    if (input % bt !== 0) blocks.push(ids.fresh());
    s.stepsLeft--;
    const id = this.nextRequest++;
    s.pending = id;
    return { id, arrival, input, output: this.s.output(s.rng), user: s.id, session: s.id, blocks };
  }
}
