/**
 * What was simulated, in one line above the numbers: the replicas of one deployment, or — for
 * disaggregated serving, shown prominently — the pairing: prefill pool (hardware × chips) → KV
 * link → decode pool (hardware × chips), with the KV transfer time each request paid.
 * @module
 */
import { fix } from "../../components/cells";
import type { LinkInfo, PoolInfo, SimResult } from "../../worker/protocol-serving";

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

/** "2 × h200-sxm × 8 chips (tp 8, pp 1, fp8)". */
export function poolText(p: PoolInfo): string {
  return `${p.replicas} × ${p.hardware} × ${plural(p.chips, "chip")} (tp ${p.tp}, pp ${p.pp}, ${p.weights})`;
}

/** "400 GB/s, 10 µs + 50 µs software, layer-wise". */
export function linkText(l: LinkInfo): string {
  const changed = l.gbps !== l.defaultGbps || l.latencyUs !== l.defaultLatencyUs;
  return `${fix(l.gbps, 1)} GB/s, ${fix(l.latencyUs, 1)} µs + ${fix(l.overheadUs, 0)} µs software${l.layerwise ? ", layer-wise" : ""}${changed ? " (overridden)" : " (default)"}`;
}

function PoolCard({ label, pool }: { label: string; pool: PoolInfo }) {
  return (
    <div className="pool-card">
      <span className="pool-label">{label}</span>
      <strong className="pool-hw">
        {pool.hardware} × {plural(pool.chips, "chip")}
      </strong>
      <span className="hint">
        {plural(pool.replicas, "replica")}, tp {pool.tp}, pp {pool.pp}, {pool.weights}
      </span>
    </div>
  );
}

/** The banner for a result. */
export function ServingBanner({ res }: { res: SimResult }) {
  const r = res.report;
  const prefill = res.pools.find((p) => p.name === "prefill");
  const decode = res.pools.find((p) => p.name === "decode");
  const workload = `${res.workload}${res.rate !== null ? ` at ${fix(res.rate, res.rate < 10 ? 2 : 1)}/s` : " (closed loop)"}, seed ${r.seed}${res.prefix ? "" : ", prefix caching off"}`;
  if (prefill && decode && res.link) {
    const kv = r.kv_transfer_ms;
    return (
      <section className="pairing" aria-label="Disaggregated pairing" data-testid="pairing">
        <PoolCard label="Prefill pool" pool={prefill} />
        <span className="arrow" aria-hidden="true">
          →
        </span>
        <div className="pairing-link">
          <span className="pool-label">KV link</span>
          {kv && (
            <strong data-testid="kv-transfer">
              KV transfer {fix(kv.mean, 2)} ms mean, {fix(kv.p99, 2)} ms p99
            </strong>
          )}
          <span className="hint">{linkText(res.link)}</span>
        </div>
        <span className="arrow" aria-hidden="true">
          →
        </span>
        <PoolCard label="Decode pool" pool={decode} />
        <p className="hint pairing-foot">
          {workload}; router {r.router}
        </p>
      </section>
    );
  }
  return (
    <p className="note" data-testid="serving">
      <strong>{res.pools.map(poolText).join("; ")}</strong>, {r.scheduler} batching, router {r.router}; {workload}.
    </p>
  );
}
