/**
 * Trace replay: parse trace text (the caller reads the file) into a streaming
 * {@link WorkloadSource}. The text is checked in one pass (every bad line is an issue with its
 * line number; timestamps must not go back), then replayed lazily in a second pass, so memory
 * stays O(1) beyond the text itself.
 *
 * Arrival = (trace time − first row's time) / `speed`. Azure traces carry no prefix blocks;
 * Mooncake's `hash_ids` become `blocks` with 512-token blocks.
 * @module
 */
import { z } from "zod";
import { fail, issue, ok, type Issue, type Result } from "../errors.js";
import { zodIssues } from "../io/zod-issues.js";
import { stopSchema } from "./arrivals.js";
import { PREFIX_DEFAULTS } from "./prefix.js";
import type { RequestSpec, WorkloadSource } from "./request.js";
import { NO_FOLLOW_UPS } from "./request.js";
import { azureRows, mooncakeRows, type RowReader } from "./trace-rows.js";

/** Options of trace replay. */
export interface TraceOptions {
  /** Source name, also the prefix of issue paths. Default "azure-trace" / "mooncake-trace". */
  readonly name?: string | undefined;
  /** Rate multiplier: arrival times are divided by it (2 = twice the request rate). Default 1. */
  readonly speed?: number | undefined;
  /** Replay at most this many requests. Default: all. */
  readonly requests?: number | undefined;
  /** Replay arrivals up to this many seconds (after scaling). Default: all. */
  readonly duration?: number | undefined;
}

/** Tokens per Mooncake `hash_ids` block. */
export const MOONCAKE_BLOCK_TOKENS = 512;
/** Issues listed before the rest are summarised. */
const MAX_ISSUES = 50;

const optionsSchema = z.strictObject({
  name: z.string().min(1).optional(),
  speed: z.number().positive().optional(),
  ...stopSchema.shape,
});

/** A validated trace, replayed lazily. */
class TraceSource implements WorkloadSource {
  private read: RowReader;
  private next = 0;
  private t0: number | undefined;

  constructor(
    readonly name: string,
    readonly blockTokens: number,
    private readonly open: () => RowReader,
    private readonly opts: TraceOptions,
  ) {
    this.read = open();
  }

  nextArrival(): RequestSpec | undefined {
    if (this.next >= (this.opts.requests ?? Infinity)) return undefined;
    for (let row = this.read(); row !== undefined; row = this.read()) {
      if (Array.isArray(row)) continue; // cannot happen: the text was checked
      const r = row as Exclude<typeof row, readonly Issue[]>;
      this.t0 ??= r.t;
      const arrival = (r.t - this.t0) / (this.opts.speed ?? 1);
      if (arrival > (this.opts.duration ?? Infinity)) return undefined;
      const id = this.next++;
      return r.blocks ? { id, arrival, input: r.input, output: r.output, blocks: r.blocks } : { id, arrival, input: r.input, output: r.output };
    }
    return undefined;
  }

  onFinish(): readonly RequestSpec[] {
    return NO_FOLLOW_UPS;
  }
}

/** First pass: every problem (up to {@link MAX_ISSUES}, then a count), and at least one row. */
function check(read: RowReader, path: string): Issue[] {
  const issues: Issue[] = [];
  let extra = 0;
  let rows = 0;
  let last = -Infinity;
  const add = (i: Issue) => (issues.length < MAX_ISSUES ? issues.push(i) : extra++);
  for (let row = read(); row !== undefined; row = read()) {
    if (Array.isArray(row)) {
      (row as readonly Issue[]).forEach(add);
      continue;
    }
    const r = row as Exclude<typeof row, readonly Issue[]>;
    rows++;
    if (r.t < last) add(issue(`${path}:${r.line}`, `timestamp goes back in time (${r.t.toFixed(3)} s after ${last.toFixed(3)} s); sort the trace by time`));
    last = Math.max(last, r.t);
  }
  if (extra > 0) issues.push(issue(path, `and ${extra} more problems`));
  if (rows === 0 && issues.length === 0) issues.push(issue(path, "has no requests"));
  return issues;
}

function build(kind: string, blockTokens: number, open: (validate: boolean) => RowReader, options: TraceOptions, defaultName: string): Result<WorkloadSource> {
  const o = optionsSchema.safeParse(options);
  if (!o.success) return fail(...zodIssues(o.error, options, "options"));
  const name = options.name ?? defaultName;
  const issues = check(open(true), name);
  if (issues.length > 0) return fail(...issues.map((i) => ({ path: i.path, message: `${kind}: ${i.message}` })));
  return ok(new TraceSource(name, blockTokens, () => open(false), options));
}

/**
 * Azure LLM inference trace CSV (2023 or 2024 release): `TIMESTAMP` ("2023-11-16 18:15:46.6805900",
 * a zone suffix allowed), `ContextTokens`, `GeneratedTokens`. No prefix blocks.
 */
export function parseAzureTrace(text: string, options: TraceOptions = {}): Result<WorkloadSource> {
  return build("Azure trace", PREFIX_DEFAULTS.blockTokens, (v) => azureRows(text, options.name ?? "azure-trace", v), options, "azure-trace");
}

/** Mooncake JSONL trace: `timestamp` (ms), `input_length`, `output_length`, `hash_ids` (512-token blocks). */
export function parseMooncakeTrace(text: string, options: TraceOptions = {}): Result<WorkloadSource> {
  return build("Mooncake trace", MOONCAKE_BLOCK_TOKENS, (v) => mooncakeRows(text, options.name ?? "mooncake-trace", v), options, "mooncake-trace");
}
