/**
 * Simulate in the worker: the form into a workload source and a core `SimulationConfig`, the way the CLI's
 * `simulate` builds them (`setupSimulation` in packages/cli/src/commands/simulate.ts): pools sized
 * by core `resolvePool` (chips, tp and pp empty = the fewest chips that fit), the preset's SLO, and
 * for disaggregated serving a prefill pool and a decode pool joined by core `defaultKvLink` unless
 * the bandwidth or latency is overridden (every bad field reported by name); then core
 * `simulate(buildWorkload(preset, {seed, rate, requests, duration, diurnal}), config)`, reporting
 * progress from the simulator's `onProgress` (requests done of those asked, or simulated seconds of
 * the duration asked). The report comes back without a trace, with the pools and the KV link used.
 * @module
 */
import {
  DTYPES,
  ENGINES,
  InputError,
  ROUTERS,
  SERVING_MODES,
  buildWorkload,
  defaultKvLink,
  parseDtype,
  resolvePool,
  simulate,
  workloadCatalog,
  type Deployment,
  type DeploymentSpec,
  type Engine,
  type Hardware,
  type KvLink,
  type REPLICA_SCHEDULERS,
  type RouterName,
  type ServingMode,
  type SimulationConfig,
  type WorkloadSource,
} from "@infersim/core";
import { contextFor } from "./context";
import { Fields } from "./fields";
import type { LinkInfo, PoolInfo, ReportProgress, SimParams, SimResult } from "./protocol-serving";

/** Software cost per KV transfer, s (the CLI's `--link-overhead-us` default). */
const LINK_OVERHEAD_S = 50e-6;

/** Everything a run needs, and what the view shows about its set-up. */
export interface SimSetup {
  readonly source: WorkloadSource;
  readonly config: SimulationConfig;
  readonly pools: PoolInfo[];
  readonly link: LinkInfo | null;
  /** Stop: requests (when given) or seconds, for progress. */
  readonly requests: number | undefined;
  readonly duration: number | undefined;
  readonly rate: number | null;
  readonly model: string;
}

const poolInfo = (name: PoolInfo["name"], d: Deployment, replicas: number): PoolInfo => ({ name, hardware: d.hardware.id, chips: d.chips, tp: d.tp, pp: d.pp, replicas, weights: d.weightDtype });

/** Parse the form and build the run; throws an `InputError` naming every bad field. */
export function setupSim(p: SimParams): SimSetup {
  const ctx = contextFor(p.custom);
  const f = new Fields();
  const model = f.pick(ctx.models, p.model, "model");
  const mode = f.oneOf<ServingMode>("scheduler", p.scheduler, SERVING_MODES) ?? "chunked";
  const disagg = mode === "disaggregated";
  const hardware = f.pick(ctx.hardware, p.hardware, "hardware");
  const hwOr = (id: string, path: string): Hardware | undefined => (id.trim() === "" ? hardware : f.pick(ctx.hardware, id, path));
  const prefillHw = disagg ? hwOr(p.prefillHardware, "prefill_hw") : undefined;
  const decodeHw = disagg ? hwOr(p.decodeHardware, "decode_hw") : undefined;
  const weightDtype = p.precision.trim() === "" ? undefined : parseDtype(p.precision);
  if (p.precision.trim() !== "" && !weightDtype) f.issues.push({ path: "precision", message: `precision must be one of ${DTYPES.join(", ")}, got ${JSON.stringify(p.precision)}` });
  const engine = f.oneOf<Engine>("engine", p.engine, ENGINES);
  const router = f.oneOf<RouterName>("router", p.router, ROUTERS);
  const seed = f.int("seed", p.seed, 0) ?? 1;
  const rate = f.num("rate", p.rate, { min: 0, minExclusive: true });
  const requests = f.int("requests", p.requests);
  const duration = f.num("duration", p.duration, { min: 0, minExclusive: true });
  const replicas = f.int("replicas", p.replicas) ?? 1;
  const base = { ...(weightDtype ? { weightDtype } : {}), ...(engine ? { engine } : {}) };
  const layout = (prefix: string, chips: string, tp = "", pp = "") => {
    const spec = { chips: f.int(`${prefix}chips`, chips), tp: f.int(`${prefix}tp`, tp), pp: f.int(`${prefix}pp`, pp) };
    return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as Partial<DeploymentSpec>;
  };
  const main = layout("", p.chips, p.tp, p.pp);
  const pf = { ...layout("prefill_", p.prefillChips), replicas: f.int("prefill_replicas", p.prefillReplicas) ?? 1 };
  const dc = { ...layout("decode_", p.decodeChips), replicas: f.int("decode_replicas", p.decodeReplicas) ?? 1 };
  const linkGbps = f.num("link_gbps", p.linkGbps, { min: 0, minExclusive: true });
  const linkUs = f.num("link_us", p.linkLatencyUs, { min: 0 });
  const preset = f.pick(workloadCatalog(), p.workload, "workload");
  let source: WorkloadSource | undefined;
  if (preset) {
    const r = buildWorkload(preset, { seed, rate, requests, duration, diurnal: p.diurnal, ...(model ? { contextWindow: model.maxContext } : {}) });
    if (r.ok) source = r.value;
    else f.issues.push(...r.issues);
  }
  f.check();
  if (!model || !source || !preset) throw new Error("unreachable: issues were reported");

  const pool = (name: PoolInfo["name"], hw: Hardware, spec: Partial<DeploymentSpec>) => {
    const r = resolvePool({ ...base, ...spec, hardware: hw, model });
    if (r.ok) return r.value;
    throw new InputError(name === "main" ? r.issues : r.issues.map((i) => ({ path: i.path ? `${name}: ${i.path}` : name, message: `${name} pool: ${i.message}` })));
  };
  const common = { seed, ...(router ? { router } : {}), prefixCaching: p.prefix, slo: preset.slo };
  const rateUsed = preset.kind === "sessions" && !preset.arrival ? null : (rate ?? preset.arrival?.rate ?? null);
  const out = { source, requests, duration, rate: rateUsed, model: model.id };
  if (disagg) {
    const pd = pool("prefill", prefillHw!, pf);
    const dd = pool("decode", decodeHw!, dc);
    const def = defaultKvLink(pd, dd);
    const link: KvLink = { bandwidth: linkGbps !== undefined ? linkGbps * 1e9 : def.bandwidth, latency: linkUs !== undefined ? linkUs * 1e-6 : def.latency, overhead: LINK_OVERHEAD_S, layerwise: p.layerwise };
    return {
      ...out,
      config: { ...common, disaggregated: { prefill: { deployment: pd, replicas: pf.replicas }, decode: { deployment: dd, replicas: dc.replicas }, link } },
      pools: [poolInfo("prefill", pd, pf.replicas), poolInfo("decode", dd, dc.replicas)],
      link: { gbps: link.bandwidth / 1e9, latencyUs: link.latency * 1e6, overheadUs: link.overhead * 1e6, layerwise: link.layerwise, defaultGbps: def.bandwidth / 1e9, defaultLatencyUs: def.latency * 1e6 },
    };
  }
  const d = pool("main", hardware!, main);
  return { ...out, config: { ...common, deployment: d, replicas, scheduler: mode as (typeof REPLICA_SCHEDULERS)[number] }, pools: [poolInfo("main", d, replicas)], link: null };
}

const count = (n: number) => Math.round(n).toLocaleString("en-US");

/** The progress report for a simulator callback. */
export function simProgress(requests: number | undefined, duration: number | undefined, time: number, completed: number, arrived: number) {
  const at = `t = ${count(time)} s`;
  if (requests !== undefined) return { done: Math.min(completed, requests), total: requests, label: `${count(completed)} of ${count(requests)} requests done (${at})` };
  if (duration !== undefined) return { done: Math.min(time, duration), total: duration, label: `${at} of ${count(duration)} s simulated, ${count(completed)} requests done` };
  return { done: completed, total: Math.max(arrived, 1), label: `${count(completed)} of ${count(arrived)} arrived requests done (${at})` };
}

/** Run the simulation of a form. */
export function simulateRun(p: SimParams, progress: ReportProgress): SimResult {
  const s = setupSim(p);
  const report = simulate(s.source, {
    ...s.config,
    onProgress: (t, completed, arrived) => progress(simProgress(s.requests, s.duration, t, completed, arrived)),
  });
  const { trace: _trace, ...rest } = report;
  return { report: rest, pools: s.pools, link: s.link, model: s.model, workload: s.source.name, prefix: p.prefix, rate: s.rate };
}
