/**
 * Simulate view: serve a workload preset on replicas of a deployment (or, disaggregated, on a
 * prefill pool and a decode pool joined by a KV link) with the core's discrete-event simulator, in
 * its own worker — the set-up in one line (the pairing, for disaggregated runs), the key numbers,
 * latency percentiles and SLO checks, latency CDFs, and queue, running requests and KV use over
 * time. A run longer than 100 ms shows its progress; an edit stops a run that is no longer wanted.
 * @module
 */
import type { ViewDef, ViewProps } from "../../app/views";
import { useCore } from "../../client/use-core";
import { BusyProgress, Issues } from "../../components/Status";
import { elapsed, fix, int } from "../../components/cells";
import { CdfChart } from "./CdfChart";
import { ServingBanner } from "./ServingBanner";
import { SimForm, simParamsOf } from "./SimForm";
import { KeyNumbers, LatencyTable, SloTable } from "./Summary";
import { TimelineCharts } from "./TimelineCharts";

function SimulateView(props: ViewProps) {
  const { state, custom, catalog } = props;
  const req = catalog ? simParamsOf(state, custom.entries) : null;
  const { result, errors, loading, slow, progress } = useCore("simulate", req);
  const res = result?.value;
  const r = res?.report;
  return (
    <div className="layout">
      <SimForm {...props} link={res?.link} />
      <section className="results" aria-label="Simulation" aria-busy={loading}>
        <div className="results-head">
          <BusyProgress active={slow} progress={progress} label="Simulating…" />
          {result && r && !loading && (
            <p className="timing" data-testid="simulate-timing" data-roundtrip-ms={result.roundTripMs.toFixed(1)} data-requests={r.requests}>
              {int(r.requests)} requests ({fix(r.duration_s, 0)} s simulated) in {elapsed(result.roundTripMs)}
            </p>
          )}
        </div>
        <Issues items={errors} />
        {res && r && (
          <div className={loading ? "stale results" : "results"}>
            <ServingBanner res={res} />
            {r.warnings.length > 0 && (
              <ul className="warnings">
                {r.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
            {r.fits && (
              <>
                <KeyNumbers res={res} />
                <div className="two-col">
                  <LatencyTable report={r} />
                  <SloTable report={r} />
                </div>
                {r.completed > 0 && <CdfChart report={r} title={`Latency CDFs — ${res.model}, ${res.workload}`} />}
                <TimelineCharts report={r} />
              </>
            )}
          </div>
        )}
      </section>
    </div>
  );
}

/** The Simulate tab. */
export const view: ViewDef = {
  id: "simulate",
  label: "Simulate",
  order: 25,
  summary: "Serve a workload on replicas (or a prefill pool and a decode pool) with the discrete-event simulator: latency percentiles, throughput, goodput, SLO attainment, and the queue over time.",
  Component: SimulateView,
};
