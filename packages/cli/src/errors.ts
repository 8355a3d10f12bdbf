/**
 * CLI errors: a list of issues printed one per line, exit code 2. Paths from the core
 * (`deployment.tp`, `prefill.deployment.tp`) are shown as the flag that set them (`--tp`, `--prefill-tp`).
 * @module
 */
import { formatIssue, type Issue } from "@infersim/core";

export class CliError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super(issues.map((i) => formatIssue(i)).join("\n"));
    this.issues = issues;
  }
}

const FLAG_OF: Record<string, string> = {
  "deployment.chips": "--chips",
  "deployment.tp": "--tp",
  "deployment.pp": "--pp",
  "deployment.ep": "--ep",
  "deployment.dp": "--dp",
  "deployment.memoryUtilization": "--memory-utilization",
  "deployment.maxTokensPerStep": "--max-tokens-per-step",
  "deployment.maxBatch": "--max-batch",
  "deployment.weightStreaming": "--weight-streaming",
  "deployment.decodeAttention": "--attention-kernel",
  "deployment.moeRouting": "--moe-routing",
  "deployment.expertDtype": "--expert-precision",
  "deployment.hardware": "--hardware",
  batch: "--batch",
  input: "--input",
  output: "--output",
  cachedInput: "--cached-input",
  "speculative.acceptance": "--spec-acceptance",
  "speculative.length": "--spec-length",
  "speculative.draftModel": "--draft-model",
};

/** The pools of disaggregated serving, whose flags are the shared ones prefixed (`--prefill-tp`). */
const POOLS = ["prefill", "decode"] as const;

/**
 * Show an issue with its CLI flag where one set the value. A pool's issue (`decode.deployment.tp`)
 * names the pool's flag (`--decode-tp`) when the user gave it (`given`), else the shared flag the
 * pool inherited (`--tp`), and its message says which pool.
 */
export function cliIssue(i: Issue, given: (flag: string) => boolean = () => true): Issue {
  const pool = POOLS.find((p) => i.path.startsWith(`${p}.`));
  if (!pool) {
    const flag = FLAG_OF[i.path];
    return flag ? { path: flag, message: i.message } : i;
  }
  const rest = i.path.slice(pool.length + 1);
  const shared = FLAG_OF[rest];
  const own = shared ? shared.replace(/^--/, `--${pool}-`) : undefined;
  // Hardware is never inherited silently: a pool without any names its own flag.
  const path = own && (given(own) || rest === "deployment.hardware") ? own : (shared ?? i.path);
  return { path, message: `${pool} pool: ${i.message}` };
}

/** Throw the issues of a failed result, mapped to flags (`given`: see {@link cliIssue}). */
export function orThrow<T>(r: { ok: true; value: T } | { ok: false; issues: readonly Issue[] }, given?: (flag: string) => boolean): T {
  if (r.ok) return r.value;
  throw new CliError(r.issues.map((i) => cliIssue(i, given)));
}

/** Run `fn`; on a CliError add its issues to `sink` and return undefined (so several inputs report together). */
export function attempt<T>(fn: () => T, sink: Issue[]): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CliError) {
      sink.push(...e.issues);
      return undefined;
    }
    throw e;
  }
}
