/**
 * Plan view: the cheapest configuration per hardware that meets a latency SLO for a model,
 * workload and demand (the core planner, in its own worker, optionally confirmed with the
 * simulator), why the other hardware fail, what each costs per hour, the two Pareto frontiers,
 * and the disaggregated pairings panel. Every table exports CSV, every chart SVG and PNG.
 * @module
 */
import type { ViewDef, ViewProps } from "../../app/views";
import { useCore } from "../../client/use-core";
import { BusyProgress, Issues } from "../../components/Status";
import { SelectField } from "../../components/fields";
import { fix } from "../../components/cells";
import { on } from "../../state/app-state";
import type { PlanView as PlanResult } from "../../worker/protocol-serving";
import { BestTable } from "./BestTable";
import { CostChart } from "./CostChart";
import { CostFrontier, ThroughputFrontier } from "./FrontierCharts";
import { PairingsPanel } from "./PairingsPanel";
import { PlanForm, planParamsOf } from "./PlanForm";

const SCALES = [
  { value: "log", label: "log" },
  { value: "linear", label: "linear" },
];

/** "TTFT p99 ≤ 10000 ms, TPOT p99 ≤ 50 ms, ≥ 50 tok/s/user". */
function sloText(s: PlanResult["slo"]): string {
  const parts = [
    s.ttftP99Ms !== null ? `TTFT p99 ≤ ${fix(s.ttftP99Ms, 0)} ms` : "",
    s.tpotP99Ms !== null ? `TPOT p99 ≤ ${fix(s.tpotP99Ms, s.tpotP99Ms < 10 ? 1 : 0)} ms` : "",
    s.e2eP99Ms !== null ? `E2E p99 ≤ ${fix(s.e2eP99Ms, 0)} ms` : "",
    s.minTokensPerSecondPerUser !== null ? `≥ ${s.minTokensPerSecondPerUser} tok/s per user` : "",
  ];
  return parts.filter(Boolean).join(", ") || "no bounds";
}

/** "llama-3.3-70b, coding-agent at 10 req/s". */
const planned = (r: PlanResult) => `${r.model}, ${r.workload} at ${r.rate} req/s`;

function PlanView(props: ViewProps) {
  const { state, update, custom, catalog } = props;
  const params = catalog ? planParamsOf(state, custom.entries) : null;
  const { result, errors, loading, slow, progress } = useCore("plan", params ? { plan: params, hardware: state.plan_hw, confirm: on(state.confirm) } : null);
  const res = result?.value;
  const log = state.scale !== "linear";
  return (
    <div className="layout">
      <PlanForm {...props} confirmHardware={res?.confirmHardware} />
      <section className="results" aria-label="Plan" aria-busy={loading}>
        <div className="results-head">
          <SelectField name="scale" label="Axes" value={state.scale} options={SCALES} onChange={(scale) => update({ scale })} />
          <BusyProgress active={slow} progress={progress} label="Planning…" />
          {result && res && !loading && (
            <p className="timing" data-testid="plan-timing" data-roundtrip-ms={result.roundTripMs.toFixed(1)} data-hardware={res.hardware}>
              {res.evaluated} configurations on {res.hardware} hardware in {fix(result.roundTripMs, 0)} ms
            </p>
          )}
        </div>
        <Issues items={errors} />
        {res && (
          <div className={loading ? "stale results" : "results"}>
            <p className="note" data-testid="plan-slo" data-confirm-hardware={res.confirmHardware}>
              SLO: {sloText(res.slo)}; {res.cost} prices{res.confirmed.length ? `; simulator checked ${res.confirmed.join(", ")}` : ""}.
            </p>
            <BestTable best={res.best} failures={res.failures} caption={`Cheapest option per hardware — ${planned(res)}`} />
            {res.best.length > 0 && <CostChart best={res.best} log={log} title={`Cost per hour — ${planned(res)}`} />}
            <div className="two-col even">
              <ThroughputFrontier points={res.throughputFrontier} log={log} />
              <CostFrontier points={res.costFrontier} log={log} />
            </div>
          </div>
        )}
        <PairingsPanel state={state} update={update} catalog={catalog} params={params} />
      </section>
    </div>
  );
}

/** The Plan tab. */
export const view: ViewDef = {
  id: "plan",
  label: "Plan",
  order: 27,
  summary: "The cheapest configuration per hardware that meets a latency SLO at a demand rate, the Pareto frontiers, and whether splitting prefill and decode across architectures pays.",
  Component: PlanView,
};
