/**
 * The planner's answer per hardware: the cheapest option meeting the SLO (chips per replica ×
 * replicas, parallelism and precision, TTFT/TPOT p99, tokens/s per user, $/hour, $/Mtok, kW and
 * the simulator's check when asked), and why the other hardware have none.
 * @module
 */
import { formatMs, type PlanFailure, type PlanOption } from "@infersim/core";
import { DataTable, type Column } from "../../components/DataTable";
import { fix, pct, sig } from "../../components/cells";

/** "tp2 pp1 fp4 +spec batch≤6", as the CLI prints it. */
const configText = (o: PlanOption) =>
  `tp${o.config.tp} pp${o.config.pp}${o.config.ep > 1 ? ` ep${o.config.ep}` : ""} ${o.config.weight_precision}${o.config.speculative ? " +spec" : ""} batch≤${o.config.max_batch}`;

function SimCheck({ o }: { o: PlanOption }) {
  const c = o.confirmed;
  if (!c) return <span className="hint">—</span>;
  const title = `simulated ${c.replicas} replicas: TTFT p99 ${formatMs(c.ttft_ms_p99, 1)}, TPOT p99 ${formatMs(c.tpot_ms_p99, 2)}, ${pct(c.slo_attainment)} of requests within the SLO`;
  return (
    <span className={c.meets_slo ? "good" : "bad"} title={title}>
      {c.meets_slo ? "ok" : "miss"} <span className="hint">({c.replicas} rep.)</span>
    </span>
  );
}

const COLUMNS: Column<PlanOption>[] = [
  { header: "Hardware", cell: (o) => <strong>{o.hardware}</strong>, className: "nowrap" },
  { header: "Chips × replicas", cell: (o) => `${o.chips} × ${o.replicas} = ${o.chips_total}`, numeric: true },
  { header: "Config", cell: configText, className: "nowrap" },
  { header: "TTFT p99 ms", cell: (o) => sig(o.confirmed ? o.confirmed.ttft_ms_p99 : o.ttft_ms_p99), numeric: true },
  { header: "TPOT p99 ms", cell: (o) => sig(o.confirmed ? o.confirmed.tpot_ms_p99 : o.tpot_ms_p99), numeric: true },
  { header: "tok/s per user", cell: (o) => sig(o.tokens_per_s_per_user), numeric: true },
  { header: "$/hour", cell: (o) => fix(o.cost_usd_per_hour, 2), numeric: true },
  { header: "$/Mtok", cell: (o) => fix(o.cost_usd_per_mtok, 3), numeric: true },
  { header: "kW", cell: (o) => fix(o.power_kw, 1), numeric: true },
  { header: "Simulator", cell: (o) => <SimCheck o={o} /> },
];

/** One CSV record per option: the table's values and the rest of the option, units in the names. */
function record(o: PlanOption): Record<string, unknown> {
  const c = o.confirmed;
  return {
    hardware: o.hardware,
    hardware_class: o.hardware_class,
    chips: o.chips,
    replicas: o.replicas,
    chips_total: o.chips_total,
    tp: o.config.tp,
    pp: o.config.pp,
    ep: o.config.ep,
    weight_precision: o.config.weight_precision,
    kv_precision: o.config.kv_precision,
    speculative: o.config.speculative,
    max_batch: o.config.max_batch,
    ttft_ms_p99: o.ttft_ms_p99,
    tpot_ms_p99: o.tpot_ms_p99,
    e2e_ms_p99: o.e2e_ms_p99,
    tokens_per_s_per_user: o.tokens_per_s_per_user,
    output_tokens_per_s_per_chip: o.output_tokens_per_s_per_chip,
    cost_usd_per_hour: o.cost_usd_per_hour,
    cost_usd_per_mtok: o.cost_usd_per_mtok,
    cost_basis: o.cost_basis,
    power_kw: o.power_kw,
    capex_usd: o.capex_usd,
    sim_meets_slo: c ? c.meets_slo : null,
    sim_ttft_ms_p99: c ? c.ttft_ms_p99 : null,
    sim_tpot_ms_p99: c ? c.tpot_ms_p99 : null,
    sim_slo_attainment: c ? c.slo_attainment : null,
  };
}

/** The cheapest option per hardware, cheapest first; failures below (meeting the SLO without a price on the basis is marked "no price"). */
export function BestTable({ best, failures, caption }: { best: readonly PlanOption[]; failures: readonly PlanFailure[]; caption: string }) {
  return (
    <>
      <DataTable caption={caption} filename="plan" columns={COLUMNS} rows={best} csvRows={best.map(record)} rowKey={(o) => o.hardware} rowClass={(o) => (o === best[0] ? "baseline" : undefined)} />
      {failures.length > 0 && (
        <section className="table-block" aria-label="Hardware without an option">
          <h3>{failures.some((f) => f.unpriced) ? "No priced option meets the SLO" : "No option meets the SLO"}</h3>
          <ul className="plain failures">
            {failures.map((f) => (
              <li key={f.hardware} data-unpriced={f.unpriced}>
                <strong>{f.hardware}</strong>: {f.unpriced && <span className="tag est">no price</span>} {f.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
