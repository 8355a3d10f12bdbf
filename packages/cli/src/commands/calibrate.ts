/**
 * `infersim calibrate FILE.csv --write`: fit the efficiency factors to published measurements,
 * report in-sample and leave-one-source-out error, and write `catalog/efficiency-fit.json`
 * (fit, intervals, report) and the out-of-fold predictions. `npm run calibrate` runs it on the
 * project's copy of the calibration data.
 * @module
 */
import path from "node:path";
import { Command } from "commander";
import { calibrate, round, toCsv, type CalibrationResult } from "@infersim/core";
import { CliError } from "../errors.js";
import { writeText } from "../load.js";
import { printJson } from "../output.js";
import { Collector } from "../parse.js";
import { progressBar } from "../progress.js";
import { statsTable } from "../report/error-tables.js";
import { readMeasurements } from "./validate.js";

interface CalibrateFlags {
  write?: boolean;
  out: string;
  oof: string;
  sweeps: string;
  json?: boolean;
}

export function fitFileContent(r: CalibrationResult, source: string): unknown {
  return {
    $comment: "Written by `npm run calibrate` (infersim calibrate). Fitted efficiency factors override catalog/efficiency-priors.json; intervals are out-of-fold residual quantiles; do not edit by hand.",
    source,
    rows: r.rows,
    classes: r.fit.classes,
    families: r.fit.families,
    engines: r.fit.engines,
    familyEngines: r.fit.familyEngines,
    intervals: r.intervals,
    params: r.params,
    report: { inSample: r.inSample, outOfFold: r.outOfFold, outOfFoldBySource: r.outOfFoldBySource },
  };
}

export function calibrateCommand(): Command {
  return new Command("calibrate")
    .description("fit efficiency factors to published measurements (leave-one-source-out error, intervals)")
    .argument("<file.csv>", "measurements in the 19-column schema")
    .option("--write", "write the fit file and the out-of-fold predictions")
    .option("--out <file>", "fit file", "packages/core/catalog/efficiency-fit.json")
    .option("--oof <file>", "out-of-fold predictions CSV", "data/calibration/out-of-fold.csv")
    .option("--sweeps <n>", "coordinate-descent sweeps of the full fit", "4")
    .option("--json", "print the result as JSON")
    .action((file: string, f: CalibrateFlags) => {
      const c = new Collector();
      const sweeps = c.int("--sweeps", f.sweeps, 1);
      if (sweeps === undefined) throw new CliError(c.issues);
      const rows = readMeasurements(file);
      const bar = progressBar();
      const r = calibrate(rows, { sweeps, onProgress: (stage, done, total) => bar.update(stage, done, total) });
      bar.done();
      if (f.write) {
        writeText(f.out, JSON.stringify(fitFileContent(r, path.relative(process.cwd(), file)), null, 2) + "\n", "--out");
        writeText(f.oof, toCsv(r.oofPredictions.map((p) => ({ ...p, predicted: round(p.predicted, 3) }))), "--oof");
      }
      if (f.json) return printJson(r);
      const out = [
        `fitted ${r.params.length} parameters on ${r.rows} rows`,
        "",
        "in-sample:",
        statsTable(r.inSample, "metric"),
        "",
        "out-of-fold (each source predicted by a fit on the others):",
        statsTable(r.outOfFold, "metric"),
      ];
      if (f.write) out.push("", `wrote ${f.out} and ${f.oof}; rebuild (npm run build) to use the new fit`);
      process.stdout.write(out.join("\n") + "\n");
    });
}
