/**
 * Fit efficiency parameters to measurements: minimise a robust loss on ln(predicted / measured)
 * plus a prior term, by coordinate descent with a golden-section search per parameter in log
 * space. Each step re-predicts only the rows the parameter affects. Deterministic.
 * @module
 */
import { isFlagged, sourceGroup, type MeasurementRow } from "../validate/measurements.js";
import { predictRow } from "../validate/predict-row.js";
import { planRow, type RowPlan } from "../validate/row-plan.js";
import { experimentKey, siblingIndex } from "../validate/validate.js";
import type { EfficiencyTables } from "../perf/efficiency.js";
import { affects, tablesFor, type Param, type RowScope } from "./params.js";

export interface FitRow extends RowScope {
  readonly plan: RowPlan;
  readonly id: string;
  readonly metric: string;
  readonly source: string;
  readonly measured: number;
}

/**
 * Plan every usable row (supported, not flagged) once. The caller leaves the rows measured under
 * load (an arrival rate or a burst: `isLoaded`) out of the fit: they are predicted by the
 * simulator from the parameters the other rows determine, so for them every error is out of sample.
 */
export function prepareRows(rows: readonly MeasurementRow[]): FitRow[] {
  const sib = siblingIndex(rows);
  const out: FitRow[] = [];
  for (const row of rows) {
    if (isFlagged(row)) continue;
    const p = planRow(row, (sib.get(experimentKey(row)) ?? []).filter((s) => s !== row));
    if (!p.ok) continue;
    const hw = p.plan.spec.hardware;
    out.push({ plan: p.plan, id: row.id, metric: row.metric, source: sourceGroup(row.id), measured: row.value, hardwareClass: hw.class, family: hw.family, engine: p.plan.engine });
  }
  return out;
}

/** Charbonnier (smooth L1) loss on the log ratio, scale 0.25: quadratic for small errors, linear for outliers. */
const DELTA = 0.25;
const rho = (r: number) => 2 * DELTA * DELTA * (Math.sqrt(1 + (r / DELTA) ** 2) - 1);
/** Log-ratio charged for a row that cannot be predicted with a candidate (keeps the search away). */
const FAILED = 3;

/** Robust loss of predicting `rows` with `tables` (each row: ρ of its log ratio, or of FAILED). */
function lossOf(rows: readonly FitRow[], tables: EfficiencyTables): number {
  let s = 0;
  for (const r of rows) {
    const pr = predictRow(r.plan, tables);
    s += rho(pr.ok ? Math.log(pr.value.value / r.measured) : FAILED);
  }
  return s;
}

function priorTerm(p: Param, v: number): number {
  const z = Math.log(v / p.prior) / p.sigma;
  return 0.5 * z * z;
}

export interface FitOptions {
  readonly sweeps?: number;
  /** Golden-section iterations per parameter. */
  readonly iterations?: number;
  readonly onProgress?: (done: number, total: number, note: string) => void;
}

export interface FitResult {
  readonly values: number[];
  readonly loss: number;
  readonly evaluations: number;
}

const PHI = (Math.sqrt(5) - 1) / 2;

/**
 * Fit the parameters to `rows` (prepared without loaded rows: those would be simulated at every
 * evaluation), from `init` or the priors.
 */
export function fit(rows: readonly FitRow[], params: readonly Param[], init?: readonly number[], opts: FitOptions = {}): FitResult {
  const values = init ? [...init] : params.map((p) => p.prior);
  const sweeps = opts.sweeps ?? 3;
  const iters = opts.iterations ?? 12;
  const subsets = params.map((p) => rows.filter((r) => affects(p, r)));
  let evaluations = 0;
  const lossAt = (i: number, v: number) => {
    const trial = values.slice();
    trial[i] = v;
    evaluations++;
    return lossOf(subsets[i]!, tablesFor(params, trial)) + priorTerm(params[i]!, v);
  };
  const total = sweeps * params.length;
  let done = 0;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (!subsets[i]!.length) continue;
      const x0 = Math.log(values[i]!);
      let a = Math.max(Math.log(p.lo), x0 - 1.2 / (sweep + 1));
      let b = Math.min(Math.log(p.hi), x0 + 1.2 / (sweep + 1));
      let c = b - PHI * (b - a);
      let d = a + PHI * (b - a);
      let fc = lossAt(i, Math.exp(c));
      let fd = lossAt(i, Math.exp(d));
      for (let k = 0; k < iters; k++) {
        if (fc < fd) {
          b = d;
          d = c;
          fd = fc;
          c = b - PHI * (b - a);
          fc = lossAt(i, Math.exp(c));
        } else {
          a = c;
          c = d;
          fc = fd;
          d = a + PHI * (b - a);
          fd = lossAt(i, Math.exp(d));
        }
      }
      const cand = fc < fd ? c : d;
      const fBest = Math.min(fc, fd);
      if (fBest < lossAt(i, values[i]!)) values[i] = Math.exp(cand);
      opts.onProgress?.(++done, total, p.key);
    }
  }
  let loss = lossOf(rows, tablesFor(params, values));
  params.forEach((p, i) => (loss += priorTerm(p, values[i]!)));
  return { values, loss, evaluations };
}
