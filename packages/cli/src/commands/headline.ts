/**
 * `infersim headline` (what `npm start` prints): gpt-oss-120b and Llama-3.3-70B for code completion
 * (1,500 prompt tokens, 64 output) at batch 1 and at a loaded batch of 64, on the hardware vendors
 * argue about. HBM machines run one node (the hardware's `chipsPerNode`, more if the model needs
 * it: core `predictOnNode`); SRAM machines the fewest chips that hold weights and KV. Ratios to the
 * H100 are core `withRatios`, as in `compare`.
 * @module
 */
import { Command } from "commander";
import { hardwareCatalog, modelCatalog, predictionRecord, predictOnNode, unwrap, withRatios, type Dtype, type PredictionRecord } from "@infersim/core";
import { orThrow } from "../errors.js";
import { fix, printCsv, printJson, table } from "../output.js";

export const HEADLINE = {
  hardware: ["h100-sxm", "h200-sxm", "b200", "gb200", "mi300x", "tpu-v6e", "cerebras-cs3", "groq-lpu"],
  models: [
    { id: "gpt-oss-120b", precision: "mxfp4" as Dtype },
    { id: "llama-3.3-70b", precision: "fp8" as Dtype },
  ],
  input: 1500,
  output: 64,
  batches: [1, 64],
  engine: "generic" as const,
} as const;

export interface HeadlineRow extends PredictionRecord {
  user_speed_vs_h100: number | null;
}

export function headlineRows(): HeadlineRow[] {
  const rows: HeadlineRow[] = [];
  for (const m of HEADLINE.models) {
    const model = unwrap(modelCatalog().get(m.id));
    for (const batch of HEADLINE.batches) {
      const group: PredictionRecord[] = [];
      for (const id of HEADLINE.hardware) {
        const hw = unwrap(hardwareCatalog().get(id));
        const base = { hardware: hw, model, weightDtype: m.precision, engine: HEADLINE.engine, batch, input: HEADLINE.input, output: HEADLINE.output };
        const op = orThrow(predictOnNode(base));
        group.push(predictionRecord(op, HEADLINE.input, HEADLINE.output));
      }
      const h100 = group.find((r) => r.hardware === "h100-sxm");
      const ratios = h100 ? withRatios(group, h100, 2) : [];
      group.forEach((r, i) => rows.push({ ...r, user_speed_vs_h100: ratios[i]?.user_speed_ratio ?? null }));
    }
  }
  return rows;
}

export function headlineCommand(): Command {
  return new Command("headline")
    .description("the headline comparison: gpt-oss-120b and Llama-3.3-70B for code completion on GPUs, TPU and SRAM machines")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .action((f: { json?: boolean; csv?: boolean }) => {
      const rows = headlineRows();
      if (f.json) return printJson(rows);
      if (f.csv) return printCsv(rows as unknown as Record<string, string>[]);
      const out: string[] = [
        `infersim — code completion (${HEADLINE.input} prompt tokens, ${HEADLINE.output} output), analytical steady state, rental prices.`,
        "HBM machines: one node (TP across it); SRAM machines: the fewest chips that hold weights + KV. Predictions, not measurements: see docs/validation.md for the error.",
      ];
      for (const m of HEADLINE.models) {
        for (const batch of HEADLINE.batches) {
          const sel = rows.filter((r) => r.model === m.id && r.batch === batch);
          out.push("", `${m.id} (${m.precision}), batch ${batch}${batch > 1 ? " concurrent requests per replica" : ""}`);
          out.push(
            table(sel, [
              { header: "hardware", value: (r) => r.hardware, right: false },
              { header: "chips", value: (r) => String(r.chips) },
              { header: "TTFT ms", value: (r) => fix(r.ttft_ms, 1) },
              { header: "tok/s/user", value: (r) => fix(r.tokens_per_s_per_user, 0) },
              { header: "× H100", value: (r) => fix(r.user_speed_vs_h100, 2) },
              { header: "out tok/s/chip", value: (r) => fix(r.output_tokens_per_s_per_chip, 1) },
              { header: "$/Mtok", value: (r) => fix(r.cost_usd_per_mtok, 2) },
              { header: "J/tok", value: (r) => fix(r.energy_j_per_token, 2) },
              { header: "bottleneck", value: (r) => r.bottleneck, right: false },
              { header: "fits", value: (r) => (r.fits ? "" : "NO: " + r.reason), right: false },
            ]),
          );
        }
      }
      process.stdout.write(out.join("\n") + "\n");
    });
}
