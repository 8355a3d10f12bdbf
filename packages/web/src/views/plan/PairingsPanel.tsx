/**
 * Disaggregated pairings: prefill candidates × decode candidates, each pairing's cheapest pools
 * from core `planPairings` (prefill pool → decode pool, whether it meets the SLO, TTFT p99 with
 * the KV transfer, TPOT p99, tokens/s per user, $/hour, $/Mtok), and the verdict: does the best
 * mixed pairing beat the best single architecture (`mixedBeatsSingle`, `bestSingle`, `bestMixed`)?
 * @module
 */
import type { PairingOption, PoolChoice } from "@infersim/core";
import type { ViewProps } from "../../app/views";
import { useCore } from "../../client/use-core";
import { DataTable, type Column } from "../../components/DataTable";
import { HardwarePicker } from "../../components/HardwarePicker";
import { Busy, Issues } from "../../components/Status";
import { fix, sig } from "../../components/cells";
import type { PairingsView, PlanParams } from "../../worker/protocol-serving";

const pool = (p: PoolChoice) => `${p.hardware} ${p.chips}×${p.replicas}`;

const COLUMNS: Column<PairingOption>[] = [
  { header: "Prefill pool", cell: (p) => <span className="nowrap" title={`tp ${p.prefill.tp}, pp ${p.prefill.pp}, ${p.prefill.weight_precision}`}>{pool(p.prefill)}</span> },
  { header: "", cell: () => "→" },
  { header: "Decode pool", cell: (p) => <span className="nowrap" title={`tp ${p.decode.tp}, pp ${p.decode.pp}, ${p.decode.weight_precision}`}>{pool(p.decode)}</span> },
  { header: "Meets SLO", cell: (p) => (p.meets_slo ? <span className="good">yes</span> : <span className="bad" title={p.reason ?? ""}>no</span>) },
  { header: "TTFT p99 ms", cell: (p) => sig(p.ttft_ms_p99), numeric: true },
  { header: "KV transfer ms", cell: (p) => sig(p.kv_transfer_ms), numeric: true },
  { header: "TPOT p99 ms", cell: (p) => sig(p.tpot_ms_p99), numeric: true },
  { header: "tok/s per user", cell: (p) => sig(p.tokens_per_s_per_user), numeric: true },
  { header: "$/hour", cell: (p) => fix(p.cost_usd_per_hour, 2), numeric: true },
  { header: "$/Mtok", cell: (p) => fix(p.cost_usd_per_mtok, 3), numeric: true },
];

const record = (p: PairingOption) => ({
  prefill_hardware: p.prefill.hardware,
  prefill_chips: p.prefill.chips,
  prefill_replicas: p.prefill.replicas,
  decode_hardware: p.decode.hardware,
  decode_chips: p.decode.chips,
  decode_replicas: p.decode.replicas,
  meets_slo: p.meets_slo,
  reason: p.reason,
  ttft_ms_p99: p.ttft_ms_p99,
  kv_transfer_ms: p.kv_transfer_ms,
  tpot_ms_p99: p.tpot_ms_p99,
  tokens_per_s_per_user: p.tokens_per_s_per_user,
  chips_total: p.chips_total,
  cost_usd_per_hour: p.cost_usd_per_hour,
  cost_usd_per_mtok: p.cost_usd_per_mtok,
  power_kw: p.power_kw,
});

const usd = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `$${fix(x, 2)}/hour`);

/** The verdict in one sentence. */
function verdictText(r: PairingsView): string {
  const single = r.bestSingle ? `the best single architecture, ${r.bestSingle.hardware} × ${r.bestSingle.chips_total} at ${usd(r.bestSingle.cost_usd_per_hour)}` : "no single architecture meets the SLO";
  if (!r.bestMixed) return `No mixed pairing meets the SLO; ${single}.`;
  const mixed = `${r.bestMixed.prefill.hardware} → ${r.bestMixed.decode.hardware} at ${usd(r.bestMixed.cost_usd_per_hour)}`;
  return r.mixedBeatsSingle ? `Mixing wins: the best mixed pairing, ${mixed}, is cheaper than ${single}.` : `Mixing does not pay: the best mixed pairing, ${mixed}, is not cheaper than ${single}.`;
}

/** The panel: two pickers, the table and the verdict. */
export function PairingsPanel({ state, update, catalog, params }: Pick<ViewProps, "state" | "update" | "catalog"> & { params: PlanParams | null }) {
  const ready = params && state.prefill_set.length && state.decode_set.length;
  const { result, errors, loading, slow } = useCore("pairings", ready ? { plan: params, prefill: state.prefill_set, decode: state.decode_set } : null);
  const res = result?.value;
  const items = catalog?.hardware ?? [];
  return (
    <section className="pairings" aria-label="Disaggregated pairings" aria-busy={loading}>
      <div className="results-head">
        <h3>Disaggregated pairings: prefill on one architecture, decode on another</h3>
        <Busy active={slow} />
      </div>
      <div className="two-col even">
        <HardwarePicker items={items} selected={state.prefill_set} onChange={(prefill_set) => update({ prefill_set })} legend="Prefill candidates" name="prefill_set" />
        <HardwarePicker items={items} selected={state.decode_set} onChange={(decode_set) => update({ decode_set })} legend="Decode candidates" name="decode_set" />
      </div>
      {!ready && <p className="hint">Pick at least one prefill and one decode candidate.</p>}
      <Issues items={errors} />
      {res && ready && (
        <div className={loading ? "stale results" : "results"}>
          <p className="verdict" data-testid="pairing-verdict" data-mixed-wins={String(res.mixedBeatsSingle)}>
            {verdictText(res)}
          </p>
          <DataTable caption="Best pools per pairing" filename="plan-pairings" columns={COLUMNS} rows={res.pairings} csvRows={res.pairings.map(record)} rowKey={(p) => `${p.prefill.hardware}>${p.decode.hardware}`} rowClass={(p) => (res.bestMixed && p.prefill.hardware === res.bestMixed.prefill.hardware && p.decode.hardware === res.bestMixed.decode.hardware ? "baseline" : undefined)} />
          {res.unpaired.length > 0 && (
            <ul className="hint" data-testid="unpaired">
              {res.unpaired.map((u) => (
                <li key={`${u.prefill}>${u.decode}`}>
                  {u.prefill} → {u.decode}: no pairing ({u.reason})
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
