/**
 * Simulate in the worker: the form into a workload source and a core `SimulationConfig` by core
 * `simulationSetup`, the builder the CLI's `simulate` uses (pools sized by `resolvePool`: chips, tp
 * and pp empty = the fewest chips that fit; for disaggregated serving a prefill pool and a decode
 * pool joined by `defaultKvLink` unless the bandwidth or latency is overridden), the preset's SLO,
 * every bad field reported by name (core `Fields`, the CLI's parser); then core
 * `simulate(buildWorkload(preset, {seed, rate, requests, duration, diurnal}), config)`, reporting
 * progress from the simulator's `onProgress` (requests done of those asked, or simulated seconds of
 * the duration asked). The report comes back without a trace, with the pools and the KV link used.
 * @module
 */
import {
  ENGINES,
  InputError,
  ROUTERS,
  SERVING_MODES,
  buildWorkload,
  gbps,
  simulate,
  simulationSetup,
  us,
  workloadCatalog,
  type DeploymentFields,
  type Engine,
  type Issue,
  type RouterName,
  type ServingMode,
  type SimPool,
  type SimulationConfig,
  type WorkloadSource,
} from "@infersim/core";
import { contextFor } from "./context";
import { Fields } from "./fields";
import type { LinkInfo, PoolInfo, ReportProgress, SimParams, SimResult } from "./protocol-serving";

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

const poolInfo = (p: SimPool): PoolInfo => ({ name: p.name, hardware: p.deployment.hardware.id, chips: p.deployment.chips, tp: p.deployment.tp, pp: p.deployment.pp, replicas: p.replicas, weights: p.deployment.weightDtype });

/** The form's fields of a deployment's layout, by the core's deployment paths. */
const LAYOUT_FIELDS: Readonly<Record<string, string>> = { "deployment.chips": "chips", "deployment.tp": "tp", "deployment.pp": "pp", "deployment.hardware": "hardware" };

/** A set-up issue at the form field that set the value: `prefill.deployment.chips` → `prefill_chips`, pool issues saying which pool. */
function fieldIssue(i: Issue): Issue {
  const m = /^(prefill|decode)\.(.*)$/.exec(i.path);
  if (!m) return { path: LAYOUT_FIELDS[i.path] ?? i.path, message: i.message };
  const [, pool, rest] = m as unknown as [string, "prefill" | "decode", string];
  const field = rest === "deployment.hardware" ? `${pool}_hw` : rest === "deployment.chips" ? `${pool}_chips` : (LAYOUT_FIELDS[rest] ?? `${pool}: ${rest}`);
  return { path: field, message: `${pool} pool: ${i.message}` };
}

/** Parse the form and build the run; throws an `InputError` naming every bad field. */
export function setupSim(p: SimParams): SimSetup {
  const ctx = contextFor(p.custom);
  const f = new Fields();
  const model = f.pick(ctx.models, p.model, "model");
  const mode = f.oneOf<ServingMode>("scheduler", p.scheduler, SERVING_MODES) ?? "chunked";
  const disagg = mode === "disaggregated";
  const hardware = p.hardware.trim() === "" ? undefined : f.pick(ctx.hardware, p.hardware, "hardware");
  // The pools' own hardware only counts in disaggregated mode (the form keeps it while hidden).
  const poolHw = (id: string, path: string) => (disagg && id.trim() !== "" ? f.pick(ctx.hardware, id, path) : undefined);
  const prefillHardware = poolHw(p.prefillHardware, "prefill_hw");
  const decodeHardware = poolHw(p.decodeHardware, "decode_hw");
  const weightDtype = f.dtype("precision", p.precision);
  const engine = f.oneOf<Engine>("engine", p.engine, ENGINES);
  const router = f.oneOf<RouterName>("router", p.router, ROUTERS);
  const seed = f.int("seed", p.seed, 0) ?? 1;
  const rate = f.num("rate", p.rate, { min: 0, minExclusive: true });
  const requests = f.int("requests", p.requests);
  const duration = f.num("duration", p.duration, { min: 0, minExclusive: true });
  const replicas = f.int("replicas", p.replicas);
  const shared: DeploymentFields = { ...(weightDtype ? { weightDtype } : {}), ...(engine ? { engine } : {}) };
  const main = { chips: f.int("chips", p.chips), tp: f.int("tp", p.tp), pp: f.int("pp", p.pp) };
  const prefill = { hardware: prefillHardware, chips: f.int("prefill_chips", p.prefillChips), replicas: f.int("prefill_replicas", p.prefillReplicas) };
  const decode = { hardware: decodeHardware, chips: f.int("decode_chips", p.decodeChips), replicas: f.int("decode_replicas", p.decodeReplicas) };
  const linkGbps = f.num("link_gbps", p.linkGbps, { min: 0, minExclusive: true });
  const linkUs = f.num("link_us", p.linkLatencyUs, { min: 0 });
  const preset = f.pick(workloadCatalog(), p.workload, "workload");
  let source: WorkloadSource | undefined;
  if (preset) {
    const r = buildWorkload(preset, { seed, rate, requests, duration, diurnal: p.diurnal, ...(model ? { contextWindow: model.maxContext } : {}) });
    if (r.ok) source = r.value;
    else f.add(...r.issues);
  }
  f.check();
  if (!model || !source || !preset) throw new Error("unreachable: issues were reported");
  // Aggregated serving lays out the main deployment; the pools of disaggregated serving lay out their own.
  const deployment: DeploymentFields = disagg ? shared : { ...shared, ...main };
  const r = simulationSetup({
    model,
    hardware,
    deployment,
    replicas,
    mode,
    prefill,
    decode,
    link: { bandwidth: linkGbps !== undefined ? gbps(linkGbps) : undefined, latency: linkUs !== undefined ? us(linkUs) : undefined, layerwise: p.layerwise },
    router,
    seed,
    prefixCaching: p.prefix,
    slo: preset.slo,
  });
  if (!r.ok) throw new InputError(r.issues.map(fieldIssue));
  const { config, pools, defaultLink } = r.value;
  const rateUsed = preset.kind === "sessions" && !preset.arrival ? null : (rate ?? preset.arrival?.rate ?? null);
  const link = config.disaggregated?.link;
  return {
    source,
    config,
    pools: pools.map(poolInfo),
    link:
      link && defaultLink
        ? { gbps: link.bandwidth / 1e9, latencyUs: link.latency * 1e6, overheadUs: link.overhead * 1e6, layerwise: link.layerwise, defaultGbps: defaultLink.bandwidth / 1e9, defaultLatencyUs: defaultLink.latency * 1e6 }
        : null,
    requests,
    duration,
    rate: rateUsed,
    model: model.id,
  };
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
