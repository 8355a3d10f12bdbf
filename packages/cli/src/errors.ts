/**
 * CLI errors: a list of issues printed one per line, exit code 2. Paths from the core
 * (`deployment.tp`) are shown as the flag that set them (`--tp`).
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

/** Show an issue with its CLI flag where one set the value. */
export function cliIssue(i: Issue): Issue {
  const flag = FLAG_OF[i.path];
  return flag ? { path: flag, message: i.message } : i;
}

/** Throw the issues of a failed result, mapped to flags. */
export function orThrow<T>(r: { ok: true; value: T } | { ok: false; issues: readonly Issue[] }): T {
  if (r.ok) return r.value;
  throw new CliError(r.issues.map(cliIssue));
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
