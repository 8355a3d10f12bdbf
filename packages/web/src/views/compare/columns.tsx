/**
 * Compare table columns: the CLI's `compare` columns plus the p10–p90 intervals the core's
 * prediction record carries, and why a deployment does not fit.
 * @module
 */
import type { Column } from "../../components/DataTable";
import { fix, WithInterval } from "../../components/cells";
import type { CompareRow } from "../../worker/protocol";

const ratio = (x: number | null) => (x === null ? "—" : `${fix(x, 2)}×`);

/** Columns for a baseline. */
export function compareColumns(baseline: string): Column<CompareRow>[] {
  return [
    { header: "Hardware", cell: (r) => <strong>{r.hardware}</strong>, className: "nowrap" },
    { header: "Chips", cell: (r) => `${r.chips}${r.tp > 1 || r.pp > 1 ? ` (tp ${r.tp}${r.pp > 1 ? `, pp ${r.pp}` : ""})` : ""}`, numeric: true },
    { header: "Fits", cell: (r) => (r.fits ? "yes" : <span className="bad" title={r.reason ?? ""}>no</span>) },
    { header: "TTFT ms", cell: (r) => <WithInterval value={r.ttft_ms} p10={r.ttft_ms_p10} p90={r.ttft_ms_p90} />, numeric: true },
    { header: "TPOT ms", cell: (r) => <WithInterval value={r.tpot_ms} p10={r.tpot_ms_p10} p90={r.tpot_ms_p90} />, numeric: true },
    { header: "tok/s per user", cell: (r) => <WithInterval value={r.tokens_per_s_per_user} p10={r.tokens_per_s_per_user_p10} p90={r.tokens_per_s_per_user_p90} />, numeric: true },
    { header: <>× {baseline}</>, cell: (r) => ratio(r.user_speed_ratio), numeric: true },
    { header: "out tok/s per chip", cell: (r) => <WithInterval value={r.output_tokens_per_s_per_chip} p10={r.output_tokens_per_s_per_chip_p10} p90={r.output_tokens_per_s_per_chip_p90} />, numeric: true },
    { header: <>per chip × {baseline}</>, cell: (r) => ratio(r.per_chip_ratio), numeric: true },
    { header: "$/Mtok", cell: (r) => fix(r.cost_usd_per_mtok, 3), numeric: true },
    { header: "J/token", cell: (r) => fix(r.energy_j_per_token, 3), numeric: true },
    { header: "Bottleneck", cell: (r) => r.bottleneck },
    { header: "Notes", className: "wide", cell: (r) => [r.fits ? "" : `does not fit: ${r.reason ?? ""}`, ...r.warnings].filter(Boolean).join("; ") },
  ];
}
