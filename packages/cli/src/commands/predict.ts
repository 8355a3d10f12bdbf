/**
 * `infersim predict`: one deployment, one workload shape → latency, throughput, memory, energy, cost.
 * @module
 */
import { Command } from "commander";
import { formatBytes, formatSeconds, predict, predictionRecord, type Hardware, type Issue, type PredictionRecord } from "@infersim/core";
import { attempt, CliError, cliIssue } from "../errors.js";
import { addPredictOptions, parseDeploymentFlags, parseHardwareFlag, withHardware, type DeploymentFlags, type ParsedFlags } from "../options.js";
import { fix, int, keyValues, printCsv, printJson } from "../output.js";
import { Collector } from "../parse.js";

interface PredictFlags extends DeploymentFlags {
  hardware: string;
  json?: boolean;
  csv?: boolean;
}

/** Predict parsed flags on each hardware (predict: one, compare: several); every failure reported, with the hardware id when several. */
export function predictOn(parsed: ParsedFlags, hws: readonly Hardware[]): PredictionRecord[] {
  const problems: Issue[] = [];
  const records: PredictionRecord[] = [];
  for (const hw of hws) {
    const r = predict(withHardware(parsed, hw));
    if (!r.ok) problems.push(...r.issues.map((i) => cliIssue(hws.length > 1 ? { path: i.path, message: `${hw.id}: ${i.message}` } : i)));
    else records.push(predictionRecord(r.value, parsed.input, parsed.output));
  }
  if (problems.length) throw new CliError(problems);
  return records;
}

/** `predict`'s flags → its record. */
function predictRecord(flags: PredictFlags): PredictionRecord {
  const c = new Collector();
  const parsed = attempt(() => parseDeploymentFlags(flags), c.issues);
  const hw = parseHardwareFlag(flags, c, "hardware", "predict takes one (use compare for several)");
  if (!parsed || !hw || c.issues.length) throw new CliError(c.issues);
  return predictOn(parsed, [hw])[0]!;
}

export function renderPrediction(r: PredictionRecord): string {
  const ms = (x: number) => formatSeconds(x / 1e3);
  const pairs: [string, string][] = [
    ["hardware", `${r.hardware} × ${r.chips} (tp ${r.tp}, pp ${r.pp}${r.ep > 1 ? `, ep ${r.ep}` : ""}${r.dp > 1 ? `, dp ${r.dp}` : ""})`],
    ["model", `${r.model} (${r.weight_precision} weights, ${r.kv_precision} KV, engine ${r.engine})`],
    ["workload", `batch ${r.batch} × ${r.input} in / ${r.output} out, ${r.batching} batching`],
    ["fits", r.fits ? "yes" : `no — ${r.reason}`],
    ["TTFT", ms(r.ttft_ms)],
    ["TPOT", ms(r.tpot_ms)],
    ["end-to-end", ms(r.e2e_ms)],
    ["tokens/s per user", fix(r.tokens_per_s_per_user, 1)],
    ["output tokens/s", `${int(r.output_tokens_per_s)} (${fix(r.output_tokens_per_s_per_chip, 1)} per chip)`],
    ["bottleneck", `${r.bottleneck} (decode step: compute ${fix(r.decode_compute_ms, 2)} ms, memory ${fix(r.decode_memory_ms, 2)} ms, communication ${fix(r.decode_communication_ms, 2)} ms, overhead ${fix(r.decode_overhead_ms, 2)} ms)`],
    ["weights", `${formatBytes(r.weights_bytes)} (${formatBytes(r.weights_bytes_per_chip)} per chip)`],
    ["KV per token", formatBytes(r.kv_bytes_per_token)],
    ["KV pool", `${formatBytes(r.kv_pool_bytes)} → ${int(r.max_concurrent_sequences)} sequences of ${r.input + r.output} tokens`],
    ["energy", `${fix(r.energy_j_per_token, 3)} J/token (${fix(r.power_w_per_chip, 0)} W per chip)`],
    ["cost", r.cost_usd_per_mtok === null ? `unknown (${r.cost_basis})` : `$${fix(r.cost_usd_per_mtok, 3)} per million output tokens (${r.cost_basis})`],
  ];
  for (const w of r.warnings) pairs.push(["warning", w]);
  return keyValues(pairs);
}

export function predictCommand(): Command {
  const c = new Command("predict")
    .description("predict latency, throughput, memory fit, energy and cost of one deployment")
    .requiredOption("-H, --hardware <id|file>", "hardware id or alias, or a hardware JSON/YAML file")
    .option("--json", "print JSON")
    .option("--csv", "print CSV");
  addPredictOptions(c);
  c.addHelpText(
    "after",
    `
Examples:
  infersim predict --hardware h100-sxm --chips 8 --tp 8 --model llama-3.1-70b --precision fp8 --batch 1 --input 1024 --output 128 --json
  infersim predict -H groq-lpu -m llama-3.3-70b --precision fp8          # chips: the fewest that hold weights + KV
  infersim predict -H ./my-chip.yaml -m ./config.json --batch max`,
  );
  c.action((flags: PredictFlags) => {
    const r = predictRecord(flags);
    if (flags.json) printJson(r);
    else if (flags.csv) printCsv([r as unknown as Record<string, string>]);
    else process.stdout.write(renderPrediction(r) + "\n");
  });
  return c;
}
