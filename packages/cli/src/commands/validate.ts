/**
 * `infersim validate FILE.csv`: predict every published measurement and show the error, per row and
 * per group; `--plot` draws predicted vs measured; `--report` regenerates docs/validation.md.
 * @module
 */
import path from "node:path";
import { Command } from "commander";
import { GROUP_BYS, parseMeasurements, round, validate, type GroupBy, type ValidationReport } from "@infersim/core";
import { CliError } from "../errors.js";
import { readText, writeText } from "../load.js";
import { fix, printCsv, printJson, table } from "../output.js";
import { Collector } from "../parse.js";
import { scatterSvg } from "../plot.js";
import { pct, statsTable } from "../report/error-tables.js";
import { writeValidationReport } from "../report/validation-report.js";

interface ValidateFlags {
  json?: boolean;
  csv?: boolean;
  by?: string;
  plot?: string;
  report?: string;
}

/** The rows of a measurements CSV (the file argument of validate and calibrate). */
export function readMeasurements(file: string) {
  const r = parseMeasurements(readText(file, file), path.basename(file));
  if (!r.ok) throw new CliError(r.issues);
  return r.value.rows;
}

export function plotPredictions(report: ValidationReport, file: string, title: string) {
  const pts = report.predictions.filter((p) => !p.flagged).map((p) => ({ measured: p.measured, predicted: p.predicted, group: p.metric }));
  writeText(file, scatterSvg(pts, title, "(each metric in its own unit)"), "--plot");
}

export function validateCommand(): Command {
  return new Command("validate")
    .description("predict every row of a published-measurement CSV and report the error")
    .argument("<file.csv>", "measurements in the 19-column schema (data/measurements/README.md)")
    .option("--json", "print JSON: {rows, predicted, unsupported, excluded, predictions, overall, groups}")
    .option("--csv", "print one CSV line per predicted row")
    .option("--by <group>", `aggregate by ${GROUP_BYS.join(", ")}`, "metric")
    .option("--plot <out.svg>", "write a log-log predicted-vs-measured scatter")
    .option("--report <out.md>", "write the validation report (markdown + SVG charts beside it)")
    .action((file: string, f: ValidateFlags) => {
      const c = new Collector();
      const by = c.oneOf<GroupBy>("--by", f.by, GROUP_BYS) ?? "metric";
      if (c.issues.length) throw new CliError(c.issues);
      const rows = readMeasurements(file);
      const report = validate(rows);
      if (f.plot) plotPredictions(report, f.plot, `infersim vs ${path.basename(file)}`);
      if (f.report) writeValidationReport(f.report, file, report);
      // One record per prediction, rounded; JSON adds its assumptions (CSV and the table leave them out).
      const records = report.predictions.map((p) => ({ id: p.id, metric: p.metric, measured: p.measured, predicted: round(p.predicted, 3), ape: round(p.ape, 4), hardware: p.hardware, source: p.source, model: p.model, flagged: p.flagged, assumptions: p.assumptions }));
      const flat = records.map(({ assumptions: _, ...r }) => r);
      if (f.json) {
        printJson({ rows: report.rows, predicted: report.predicted, unsupported: report.unsupported, excluded: report.excluded, predictions: records, overall: report.overall, groups: report.groups });
        return;
      }
      if (f.csv) {
        printCsv(flat);
        return;
      }
      const out: string[] = [];
      out.push(
        table(flat, [
          { header: "id", value: (r) => r.id, right: false },
          { header: "metric", value: (r) => r.metric, right: false },
          { header: "measured", value: (r) => fix(r.measured, r.measured < 100 ? 2 : 0) },
          { header: "predicted", value: (r) => fix(r.predicted, r.predicted < 100 ? 2 : 0) },
          { header: "APE", value: (r) => pct(r.ape) + (r.flagged ? " (flagged)" : "") },
        ]),
      );
      out.push("", `${report.predicted} of ${report.rows} rows predicted; ${report.unsupported.length} unsupported; ${report.excluded.length} flagged rows kept out of the aggregates.`);
      out.push("", statsTable({ all: report.overall, ...report.groups[by] }, by));
      if (report.unsupported.length) {
        out.push("", "Unsupported rows:");
        for (const u of report.unsupported) out.push(`  ${u.id}: ${u.reason}`);
      }
      process.stdout.write(out.join("\n") + "\n");
    });
}
