/**
 * Simulate's numbers: the key figures (requests, completed, cancelled, throughput, goodput, SLO
 * attainment, prefix hit rate, KV use and, disaggregated, KV transfer) with a one-row CSV of the
 * whole summary; the latency table (TTFT, TPOT, ITL, end-to-end: mean, p50, p90, p99); and each
 * SLO check of the preset, met or missed.
 * @module
 */
import { CsvButton } from "../../components/CsvButton";
import { DataTable, type Column } from "../../components/DataTable";
import { int, pct, sig } from "../../components/cells";
import type { SimResult } from "../../worker/protocol-serving";
import { linkText, poolText } from "./ServingBanner";

type Report = SimResult["report"];
/** A latency summary (null figures: no request measured for it). */
type Stat = { mean: number | null; p50: number | null; p90?: number | null; p99: number | null };

const LATENCIES: readonly [string, string, (r: Report) => Stat | undefined][] = [
  ["TTFT", "time to first token", (r) => r.ttft_ms],
  ["TPOT", "time per output token after the first", (r) => r.tpot_ms],
  ["ITL", "gap between streamed chunks", (r) => r.itl_ms],
  ["E2E", "arrival to last token", (r) => r.e2e_ms],
  ["KV transfer", "prefill → decode pool", (r) => r.kv_transfer_ms],
];


/** The whole summary as one CSV record (units in the column names, as the CLI's JSON). */
function summaryRecord(res: SimResult): Record<string, unknown> {
  const r = res.report;
  const out: Record<string, unknown> = {
    workload: res.workload,
    rate: res.rate,
    seed: r.seed,
    scheduler: r.scheduler,
    router: r.router,
    serving: res.pools.map((p) => `${p.name}: ${poolText(p)}`).join("; "),
    kv_link: res.link ? linkText(res.link) : null,
    requests: r.requests,
    completed: r.completed,
    cancelled: r.cancelled,
    unfinished: r.unfinished,
    preemptions: r.preemptions,
    duration_s: r.duration_s,
    output_tokens_per_s: r.output_tokens_per_s,
    input_tokens_per_s: r.input_tokens_per_s,
    requests_per_s: r.requests_per_s,
    goodput_rps: r.goodput_rps,
    slo_attainment: r.slo_attainment,
    prefix_hit_rate: r.prefix_hit_rate,
    kv_utilization_mean: r.kv_utilization_mean,
    cancelled_work_tokens: r.cancelled_work_tokens,
  };
  for (const [key, stat] of [["ttft_ms", r.ttft_ms], ["tpot_ms", r.tpot_ms], ["itl_ms", r.itl_ms], ["e2e_ms", r.e2e_ms], ["kv_transfer_ms", r.kv_transfer_ms]] as const) {
    if (!stat) continue;
    for (const [k, v] of Object.entries(stat)) out[`${key}_${k}`] = v;
  }
  for (const c of r.slo_checks) out[`slo_${c.metric}_${c.percentile}`] = c.met ? "met" : "missed";
  return out;
}

/** A p99 card with its p50, or a dash when no request was measured for it. */
function latencyCard(label: string, s: Stat): [string, string, string] {
  return s.p99 === null ? [label, "—", "no request measured"] : [label, `${sig(s.p99)} ms`, `p50 ${sig(s.p50)} ms`];
}

/** The key figures as cards, with the summary CSV. */
export function KeyNumbers({ res }: { res: SimResult }) {
  const r = res.report;
  const cards: [string, string, string?][] = [
    ["Requests", int(r.requests), `${int(r.completed)} completed · ${int(r.cancelled)} cancelled${r.unfinished ? ` · ${int(r.unfinished)} unfinished` : ""}`],
    ["Throughput", `${int(r.output_tokens_per_s)} tok/s`, `${sig(r.requests_per_s)} req/s over ${int(r.duration_s)} s`],
    ["Goodput", `${sig(r.goodput_rps)} req/s`, "completed within every SLO bound"],
    ["SLO attainment", pct(r.slo_attainment), `${r.slo_checks.filter((c) => c.met).length} of ${r.slo_checks.length} percentile checks met`],
    latencyCard("TTFT p99", r.ttft_ms),
    latencyCard("TPOT p99", r.tpot_ms),
    ["Prefix hits", pct(r.prefix_hit_rate), "of prompt tokens from cache"],
    ["KV use", pct(r.kv_utilization_mean), `mean; ${int(r.preemptions)} preemptions`],
  ];
  if (r.kv_transfer_ms) cards.push(["KV transfer", `${sig(r.kv_transfer_ms.mean)} ms`, `mean; p99 ${sig(r.kv_transfer_ms.p99)} ms`]);
  return (
    <section className="table-block" aria-label="Summary">
      <div className="table-head">
        <h3>Summary</h3>
        <div className="actions">
          <CsvButton rows={() => [summaryRecord(res)]} filename="simulate-summary" of="the simulation summary" />
        </div>
      </div>
      <dl className="cards" data-testid="key-numbers">
        {cards.map(([k, v, sub]) => (
          <div key={k} className="card">
            <dt>{k}</dt>
            <dd>
              <strong data-metric={k}>{v}</strong>
              {sub && <span className="hint">{sub}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

interface LatencyRow {
  readonly metric: string;
  readonly what: string;
  readonly mean_ms: number | null;
  readonly p50_ms: number | null;
  readonly p90_ms: number | null;
  readonly p99_ms: number | null;
}

const ms = (key: "mean_ms" | "p50_ms" | "p90_ms" | "p99_ms", header: string): Column<LatencyRow> => ({ header, cell: (r) => (r[key] === null ? "—" : sig(r[key])), numeric: true });

/** Latency percentiles, ms. */
export function LatencyTable({ report }: { report: Report }) {
  const rows: LatencyRow[] = LATENCIES.flatMap(([metric, what, get]) => {
    // A latency no request was measured for has no row.
    const s = get(report);
    return s && s.mean !== null ? [{ metric, what, mean_ms: s.mean, p50_ms: s.p50, p90_ms: s.p90 ?? null, p99_ms: s.p99 }] : [];
  });
  const columns: Column<LatencyRow>[] = [{ header: "Latency", cell: (r) => <span title={r.what}>{r.metric}</span> }, ms("mean_ms", "mean ms"), ms("p50_ms", "p50 ms"), ms("p90_ms", "p90 ms"), ms("p99_ms", "p99 ms")];
  return <DataTable caption="Latency (ms)" filename="simulate-latency" columns={columns} rows={rows} rowKey={(r) => r.metric} />;
}

type Check = Report["slo_checks"][number];

const CHECK_COLUMNS: Column<Check>[] = [
  { header: "SLO", cell: (c) => `${c.metric.replace("_ms", "").toUpperCase()} ${c.percentile}` },
  { header: "target ms", cell: (c) => sig(c.target_ms), numeric: true },
  { header: "achieved ms", cell: (c) => sig(c.achieved_ms), numeric: true },
  { header: "", cell: (c) => (c.met ? <span className="good">met</span> : <span className="bad">missed</span>) },
];

/** The preset's percentile bounds, each met or missed. */
export function SloTable({ report }: { report: Report }) {
  return <DataTable caption={`SLO checks (${pct(report.slo_attainment)} of requests meet every bound)`} filename="simulate-slo" columns={CHECK_COLUMNS} rows={report.slo_checks} rowKey={(c) => `${c.metric}-${c.percentile}`} />;
}
