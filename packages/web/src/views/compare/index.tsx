/**
 * Compare view: one model and workload shape on the selected hardware, side by side — a table
 * with ratios to a chosen baseline and p10–p90 intervals, and the decode-step bottleneck chart.
 * Shows how long the worker round trip took (the recompute time).
 * @module
 */
import type { ViewDef, ViewProps } from "../../app/views";
import { useCore } from "../../client/use-core";
import { DataTable } from "../../components/DataTable";
import { SelectField } from "../../components/fields";
import { Busy, Issues } from "../../components/Status";
import { fix } from "../../components/cells";
import { ShapeForm, shapeOf } from "../shape-form";
import { BottleneckChart } from "./BottleneckChart";
import { compareColumns } from "./columns";

function CompareView(props: ViewProps) {
  const { state, update, custom } = props;
  const req = props.catalog ? { shape: shapeOf(state), hardware: state.hw, baseline: state.baseline, custom: custom.entries } : null;
  const { result, errors, loading, slow } = useCore("compare", req);
  const res = result?.value;
  const hwOptions = state.hw.map((h) => ({ value: h, label: h }));
  return (
    <div className="layout">
      <ShapeForm {...props} />
      <section className="results" aria-label="Comparison" aria-busy={loading}>
        <div className="results-head">
          <SelectField name="baseline" label="Baseline for ratios" value={res?.baseline ?? state.baseline} options={hwOptions} onChange={(baseline) => update({ baseline })} />
          <Busy active={slow} />
          {result && (
            <p className="timing" data-testid="compare-timing" data-roundtrip-ms={result.roundTripMs.toFixed(2)} data-count={res?.rows.length ?? 0} data-batch={res?.rows[0]?.batch}>
              {res?.rows.length} hardware in {fix(result.roundTripMs, 1)} ms
            </p>
          )}
        </div>
        <Issues items={errors} />
        {res && (
          <div className={loading ? "stale" : undefined}>
            <Issues items={res.problems} title="Left out:" />
            <DataTable
              caption={`${state.model}: ${state.input} in / ${state.output} out, batch ${state.batch}`}
              filename="compare"
              columns={compareColumns(res.baseline)}
              rows={res.rows}
              rowKey={(r) => r.hardware}
              rowClass={(r) => (r.hardware === res.baseline ? "baseline" : undefined)}
            />
            {res.rows.length > 0 && <BottleneckChart rows={res.rows} model={state.model} />}
          </div>
        )}
      </section>
    </div>
  );
}

/** The Compare tab. */
export const view: ViewDef = {
  id: "compare",
  label: "Compare",
  order: 10,
  summary: "One model and workload on several hardware: latency, speed per user and per chip, cost and energy, with ratios to a baseline.",
  Component: CompareView,
};
