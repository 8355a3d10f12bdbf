/**
 * Validation view: the core's `validate` on every published measurement in the repository, and
 * the calibration's out-of-fold predictions — a predicted-vs-measured scatter, error tables by
 * metric, hardware, source (or model, hardware class) and the worst rows. Computing takes
 * seconds, in its own worker (so Compare and Pareto stay responsive); the view shows its loading
 * state meanwhile.
 * @module
 */
import type { ViewDef, ViewProps } from "../../app/views";
import { useCore } from "../../client/use-core";
import { SelectField } from "../../components/fields";
import { Busy, Issues } from "../../components/Status";
import { elapsed, pct } from "../../components/cells";
import { ScatterChart } from "./ScatterChart";
import { StatsTable, WorstTable } from "./tables";

const DATASETS = [
  { value: "calibration", label: "Published measurements (in-sample)" },
  { value: "oof", label: "Out-of-fold (each source left out of the fit)" },
];

function ValidationView({ state, update }: ViewProps) {
  const { result, errors, loading } = useCore("validation", {});
  const res = result?.value;
  const set = res ? (state.data === "oof" ? res.outOfFold : res.calibration) : undefined;
  const by = set && set.groupBys.includes(state.by) ? state.by : (set?.groupBys[0] ?? "metric");
  return (
    <section className="results wide" aria-label="Validation" aria-busy={loading}>
      <div className="results-head">
        <SelectField name="data" label="Dataset" value={state.data} options={DATASETS} onChange={(data) => update({ data })} />
        <SelectField name="by" label="Group errors by" value={by} options={(set?.groupBys ?? [by]).map((g) => ({ value: g, label: g }))} onChange={(v) => update({ by: v })} />
        <Busy active={loading} label="Predicting every published measurement…" />
      </div>
      <Issues items={errors} />
      {set && (
        <>
          <p className="note" data-testid="validation-summary">
            {set.label}: {set.notes.join(" ")} Median error {pct(set.overall.medianApe)}, p90 {pct(set.overall.p90Ape)} (computed in {elapsed(result?.workerMs ?? 0)}).
          </p>
          <div className="two-col">
            <ScatterChart points={set.points} title={`Predicted vs measured — ${state.data === "oof" ? "out-of-fold" : "published measurements"}`} />
            <StatsTable set={set} by={by} />
          </div>
          <WorstTable set={set} />
        </>
      )}
    </section>
  );
}

/** The Validation tab. */
export const view: ViewDef = {
  id: "validation",
  label: "Validation",
  order: 30,
  summary: "How far the predictions are from published measurements, overall and by metric, hardware and source.",
  Component: ValidationView,
};
