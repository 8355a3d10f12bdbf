/**
 * `infersim merge`: join the JSONL of sharded `plan --shard i/n` runs into one plan. The shards must
 * be one complete set: one meta line per file, every shard of the same n, indices exactly
 * 0 … n−1, the same plan request; option and curve lines must carry the fields the summary reads.
 * Anything else is an input problem naming the file (exit 2), never a plan over part of the catalog.
 * @module
 */
import { Command } from "commander";
import { issue, summarizePlan, type FrontPoint, type Issue, type PlanOption } from "@infersim/core";
import { CliError } from "../errors.js";
import { readText } from "../load.js";
import { printJson } from "../output.js";
import { outputShape, renderPlan, shardOf } from "./plan.js";

type Json = Record<string, unknown>;

/** One shard file's content. */
export interface Shard {
  readonly file: string;
  readonly meta: Json;
  readonly index: number;
  readonly count: number;
  readonly options: readonly PlanOption[];
  readonly curves: readonly FrontPoint[];
}

const isNum = (v: unknown) => typeof v === "number" && Number.isFinite(v);
const isNumOrNull = (v: unknown) => v === null || isNum(v);
const isObj = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

/** The fields of a plan option the summary and the table read, with their types. */
const OPTION_FIELDS: Record<string, (v: unknown) => boolean> = {
  hardware: (v) => typeof v === "string",
  chips: isNum,
  replicas: isNum,
  chips_total: isNum,
  config: isObj,
  meets_slo: (v) => typeof v === "boolean",
  tokens_per_s_per_user: isNum,
  cost_usd_per_hour: isNumOrNull,
  cost_usd_per_mtok: isNumOrNull,
};
const CURVE_FIELDS: Record<string, (v: unknown) => boolean> = { hardware: (v) => typeof v === "string", x: isNum, y: isNum, label: (v) => typeof v === "string" };

function badFields(o: Json, fields: Record<string, (v: unknown) => boolean>): string[] {
  return Object.entries(fields)
    .filter(([k, ok]) => !ok(o[k]))
    .map(([k]) => k);
}

/** Parse one shard file's text; problems go to `problems`, each at `file` or `file:line`. */
export function parseShardFile(file: string, text: string, problems: Issue[]): Shard | undefined {
  const metas: Json[] = [];
  const options: PlanOption[] = [];
  const curves: FrontPoint[] = [];
  const before = problems.length;
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const at = `${file}:${i + 1}`;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      problems.push(issue(at, "is not a JSON line"));
      return;
    }
    if (!isObj(o)) return void problems.push(issue(at, "is not a JSON object"));
    const { type, ...rest } = o;
    const check = (fields: Record<string, (v: unknown) => boolean>, what: string) => {
      const bad = badFields(rest, fields);
      if (bad.length) problems.push(issue(at, `${what} line lacks or mistypes ${bad.join(", ")}`));
      return bad.length === 0;
    };
    if (type === "option") {
      if (check(OPTION_FIELDS, "option")) options.push(rest as unknown as PlanOption);
    } else if (type === "curve") {
      if (check(CURVE_FIELDS, "curve")) curves.push(rest as unknown as FrontPoint);
    } else if (type === "meta") metas.push(rest);
    else problems.push(issue(at, `unknown line type ${JSON.stringify(type)}`));
  });
  if (metas.length !== 1) {
    problems.push(issue(file, `has ${metas.length} meta lines; a file written by \`infersim plan --shard i/n\` has one`));
    return undefined;
  }
  const meta = metas[0]!;
  const s = typeof meta.shard === "string" ? shardOf(meta.shard) : undefined;
  if (!s) {
    problems.push(issue(file, `meta line's shard must be "i/n" with 0 ≤ i < n, got ${JSON.stringify(meta.shard)}`));
    return undefined;
  }
  return problems.length > before ? undefined : { file, meta, index: s.index, count: s.count, options, curves };
}

/** Problems of a set of shards: mixed n, duplicate or missing indices, different plan requests. */
export function checkShardSet(shards: readonly Shard[]): Issue[] {
  const problems: Issue[] = [];
  const counts = [...new Set(shards.map((s) => s.count))];
  if (counts.length > 1) {
    problems.push(issue("files", `the shards split the hardware differently (${shards.map((s) => `${s.file}: ${s.index}/${s.count}`).join(", ")}); merge the shards of one run`));
    return problems;
  }
  const n = counts[0] ?? 0;
  const byIndex = new Map<number, Shard>();
  for (const s of shards) {
    const seen = byIndex.get(s.index);
    if (seen) problems.push(issue(s.file, `repeats shard ${s.index}/${n} of ${seen.file}`));
    else byIndex.set(s.index, s);
  }
  const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length) problems.push(issue("files", `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${n}`).join(", ")}: a plan over part of the hardware is not the plan`));
  const keys = new Set(shards.map((s) => JSON.stringify([s.meta.model, s.meta.workload, s.meta.rate, s.meta.slo, s.meta.engine, s.meta.cost])));
  if (keys.size > 1) problems.push(issue("files", "the shards come from different plan requests (model, workload, rate, SLO, engine or cost basis differ)"));
  return problems;
}

export function mergeCommand(): Command {
  return new Command("merge")
    .description("join JSONL results of sharded plan runs into one plan")
    .argument("<files...>", "JSONL files written by `infersim plan --shard i/n`, one per shard (all n of them)")
    .option("--json", "print JSON")
    .action((files: string[], f: { json?: boolean }) => {
      const problems: Issue[] = [];
      const shards: Shard[] = [];
      for (const file of files) {
        let text: string;
        try {
          text = readText(file, file);
        } catch (e) {
          if (e instanceof CliError) problems.push(...e.issues);
          else throw e;
          continue;
        }
        const s = parseShardFile(file, text, problems);
        if (s) shards.push(s);
      }
      if (!problems.length) problems.push(...checkShardSet(shards));
      if (problems.length) throw new CliError(problems);
      const sorted = [...shards].sort((a, b) => a.index - b.index);
      const r = summarizePlan(
        sorted.flatMap((s) => s.options),
        sorted.flatMap((s) => s.curves),
      );
      if (f.json) return printJson({ ...sorted[0]!.meta, shards: sorted.map((s) => s.meta.shard), ...outputShape(r) });
      process.stdout.write(renderPlan(r, `merged ${files.length} shard${files.length === 1 ? "" : "s"}`) + "\n");
    });
}
