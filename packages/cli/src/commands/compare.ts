/**
 * `infersim compare`: the same model and workload on several hardware, side by side, with ratio
 * columns against a baseline.
 * @module
 */
import { Command } from "commander";
import { issue, withRatios, type CompareRow, type Issue } from "@infersim/core";
import { attempt, CliError } from "../errors.js";
import { loadHardwareList } from "../load.js";
import { addPredictOptions, parseDeploymentFlags, type DeploymentFlags } from "../options.js";
import { fix, printCsv, printJson, table, type Column } from "../output.js";
import { predictOn } from "./predict.js";

interface CompareFlags extends DeploymentFlags {
  hardware: string;
  baseline?: string;
  json?: boolean;
  csv?: boolean;
}

/** Predict every hardware; ratios against `baselineId` (default: the first). */
export function compareRecords(flags: DeploymentFlags, hardwareArg: string, baselineId?: string): { baseline: string; rows: CompareRow[] } {
  const problems: Issue[] = [];
  const parsed = attempt(() => parseDeploymentFlags(flags), problems);
  const hws = attempt(() => loadHardwareList(hardwareArg), problems);
  if (!parsed || !hws) throw new CliError(problems);
  const records = predictOn(parsed, hws);
  const base = baselineId ? records.find((r) => r.hardware === baselineId || hws.find((h) => h.id === r.hardware)?.aliases.some((a) => a.toLowerCase() === baselineId.toLowerCase())) : records[0];
  if (!base) throw new CliError([issue("--baseline", `baseline ${JSON.stringify(baselineId)} is not among the compared hardware (${records.map((r) => r.hardware).join(", ")})`)]);
  return { baseline: base.hardware, rows: withRatios(records, base) };
}

export function compareColumns(baseline: string): Column<CompareRow>[] {
  return [
    { header: "hardware", value: (r) => r.hardware, right: false },
    { header: "chips", value: (r) => String(r.chips) },
    { header: "fits", value: (r) => (r.fits ? "yes" : "NO") },
    { header: "TTFT ms", value: (r) => fix(r.ttft_ms, 1) },
    { header: "TPOT ms", value: (r) => fix(r.tpot_ms, 2) },
    { header: "tok/s/user", value: (r) => fix(r.tokens_per_s_per_user, 0) },
    { header: `× ${baseline}`, value: (r) => fix(r.user_speed_ratio, 2) },
    { header: "out tok/s/chip", value: (r) => fix(r.output_tokens_per_s_per_chip, 1) },
    { header: "$/Mtok", value: (r) => fix(r.cost_usd_per_mtok, 3) },
    { header: "J/tok", value: (r) => fix(r.energy_j_per_token, 3) },
    { header: "bottleneck", value: (r) => r.bottleneck, right: false },
  ];
}

export function compareCommand(): Command {
  const c = new Command("compare")
    .description("compare several hardware on one model and workload, with ratios to a baseline")
    .requiredOption("-H, --hardware <ids>", "comma-separated hardware ids or files, e.g. h100-sxm,b200,groq-lpu")
    .option("--baseline <id>", "hardware the ratio columns divide by (default: the first)")
    .option("--json", "print JSON")
    .option("--csv", "print CSV");
  addPredictOptions(c);
  c.addHelpText("after", `\nExample:\n  infersim compare -H h100-sxm,h200-sxm,b200,mi300x,cerebras-cs3,groq-lpu -m llama-3.3-70b --precision fp8 -i 1500 -o 64`);
  c.action((flags: CompareFlags) => {
    const { baseline, rows } = compareRecords(flags, flags.hardware, flags.baseline);
    if (flags.json) printJson({ baseline, rows });
    else if (flags.csv) printCsv(rows as unknown as Record<string, string>[]);
    else {
      process.stdout.write(table(rows, compareColumns(baseline)) + "\n");
      for (const r of rows) {
        if (!r.fits) process.stdout.write(`\n${r.hardware}: does not fit — ${r.reason}`);
        for (const w of r.warnings) process.stdout.write(`\n${r.hardware}: ${w}`);
      }
      process.stdout.write("\n");
    }
  });
  return c;
}

