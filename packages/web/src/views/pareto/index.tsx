/**
 * Pareto view: for each selected hardware, the throughput per chip it trades for speed per user
 * as the batch grows from 1 to the largest that fits — the curves InferenceX-style dashboards draw.
 * The chart and a table of every point (CSV export).
 * @module
 */
import type { ViewDef, ViewProps } from "../../app/views";
import { useCore } from "../../client/use-core";
import { DataTable, type Column } from "../../components/DataTable";
import { SelectField } from "../../components/fields";
import { Busy, Issues } from "../../components/Status";
import { fix, sig } from "../../components/cells";
import type { ParetoPoint } from "../../worker/protocol";
import { ShapeForm, shapeOf } from "../shape-form";
import { ParetoChart } from "./ParetoChart";

const num = (key: keyof ParetoPoint, header: string, integer = false): Column<ParetoPoint> => ({
  header,
  cell: (p) => {
    const v = p[key] as number | null;
    return integer ? fix(v, 0) : sig(v);
  },
  numeric: true,
});

const COLUMNS: Column<ParetoPoint>[] = [
  { header: "Hardware", cell: (p) => p.hardware },
  num("chips", "Chips", true),
  num("batch", "Batch", true),
  num("tokens_per_s_per_user", "tok/s per user"),
  num("output_tokens_per_s_per_chip", "out tok/s per chip"),
  num("ttft_ms", "TTFT ms"),
  num("tpot_ms", "TPOT ms"),
  num("cost_usd_per_mtok", "$/Mtok"),
];

function ParetoView(props: ViewProps) {
  const { state, update, custom } = props;
  const req = props.catalog ? { shape: shapeOf(state), hardware: state.hw, custom: custom.entries } : null;
  const { result, errors, loading, slow } = useCore("pareto", req);
  const res = result?.value;
  return (
    <div className="layout">
      <ShapeForm {...props} batch={false} />
      <section className="results" aria-label="Throughput against interactivity" aria-busy={loading}>
        <div className="results-head">
          <SelectField
            name="scale"
            label="Axes"
            value={state.scale}
            options={[
              { value: "log", label: "log–log" },
              { value: "linear", label: "linear" },
            ]}
            onChange={(scale) => update({ scale })}
          />
          <Busy active={slow} />
        </div>
        <Issues items={errors} />
        {res && (
          <div className={loading ? "stale" : undefined}>
            <Issues items={res.problems} title="Left out:" />
            <ParetoChart points={res.points} log={state.scale !== "linear"} title={`Throughput vs interactivity — ${state.model}, ${state.input} in / ${state.output} out`} />
            <DataTable caption="Every point of the batch sweep" filename="pareto" columns={COLUMNS} rows={res.points} rowKey={(p) => `${p.hardware}-${p.batch}`} />
          </div>
        )}
      </section>
    </div>
  );
}

/** The Pareto tab. */
export const view: ViewDef = {
  id: "pareto",
  label: "Pareto",
  order: 20,
  summary: "Throughput per chip against speed per user as the batch grows from 1 to the largest that fits, per hardware.",
  Component: ParetoView,
};
