/**
 * `infersim simulate`: serve a workload preset or a trace on replicas of a deployment (or on a
 * prefill pool and a decode pool, possibly of different hardware) with the discrete-event
 * simulator; latency percentiles, throughput, goodput and SLO attainment; optional Perfetto trace.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import {
  buildWorkload,
  defaultKvLink,
  parseAzureTrace,
  parseMooncakeTrace,
  resolvePool,
  ROUTERS,
  SERVING_MODES,
  simulate,
  workloadCatalog,
  type Deployment,
  type KvLink,
  type RouterName,
  type ServingMode,
  type REPLICA_SCHEDULERS,
  type SimulationConfig,
  type SimulationReport,
  type Slo,
  type WorkloadSource,
} from "@infersim/core";
import { attempt, CliError, orThrow } from "../errors.js";
import { fix, keyValues, printJson } from "../output.js";
import { addDeploymentOptions, addModelOption, addSpecOptions, parseDeployment, parseHardwareFlag, parseModel, parseSpec, type Flags } from "../options.js";
import { Collector } from "../parse.js";
import { progressBar } from "../progress.js";

export function simulateCommand(): Command {
  const c = new Command("simulate").description("simulate serving a workload (discrete-event: queueing, batching, KV cache, prefix reuse, cancellation)");
  c.option("-H, --hardware <id|file>", "hardware of every replica (and of both pools unless --prefill-hardware/--decode-hardware)");
  addModelOption(c);
  addDeploymentOptions(c);
  c.option("-w, --workload <preset>", `workload preset: ${workloadCatalog().list().map((w) => w.id).join(", ")}`, "ide-autocomplete")
    .option("--trace <file>", "replay a trace instead: Azure LLM CSV (.csv) or Mooncake JSONL (.jsonl)")
    .option("--rate <r>", "mean arrival rate, requests/s (session starts/s for agent presets); replaces the preset's")
    .option("--duration <s>", "stop arrivals after this many seconds")
    .option("--requests <n>", "stop after this many requests")
    .option("--replicas <k>", "replicas of the deployment", "1")
    .option("--scheduler <name>", `${SERVING_MODES.join(", ")}`, "chunked")
    .option("--router <name>", `${ROUTERS.join(", ")}`, "least-outstanding")
    .option("--seed <n>", "random seed", "1")
    .option("--no-prefix-cache", "disable prefix caching")
    .option("--no-diurnal", "constant rate (ignore the preset's time-of-day profile)")
    .option("--static-max-wait <s>", "static batching: longest wait for a full batch")
    .option("--trace-out <file.json>", "write a Chrome/Perfetto trace of the run")
    .option("--json", "print the report as JSON");
  c.option("--prefill-hardware <id|file>", "disaggregated: prefill pool hardware").option("--decode-hardware <id|file>", "disaggregated: decode pool hardware");
  addDeploymentOptions(c, "prefill");
  addDeploymentOptions(c, "decode");
  c.option("--link-gbps <GB/s>", "disaggregated: KV link bandwidth per transfer, GB/s (default: chips × scale-out)")
    .option("--link-latency-us <us>", "disaggregated: KV link latency, µs")
    .option("--link-overhead-us <us>", "disaggregated: software cost per transfer, µs", "50")
    .option("--layerwise", "disaggregated: stream KV layer by layer during prefill");
  addSpecOptions(c);
  c.addHelpText(
    "after",
    `
Examples:
  infersim simulate -H h100-sxm --chips 1 -m qwen2.5-coder-7b -w ide-autocomplete --rate 20 --requests 20000
  infersim simulate -H h200-sxm --chips 8 -m gpt-oss-120b -w coding-agent --rate 0.2 --duration 600 --json
  infersim simulate -m llama-3.3-70b --prefill-hardware b200 --prefill-chips 8 --decode-hardware groq-lpu -w agent-realtime`,
  );
  c.action((f: Flags) => runSimulate(f));
  return c;
}

function readText(file: string, flagName: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError([{ path: flagName, message: `cannot read ${JSON.stringify(file)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }]);
  }
}

export interface SimulateSetup {
  source: WorkloadSource;
  config: SimulationConfig;
  slo: Slo | undefined;
  pools: { name: string; deployment: Deployment; replicas: number }[];
}

/** Flags → workload source and simulation config (shared with plan). */
export function setupSimulation(f: Flags): SimulateSetup {
  const c = new Collector();
  const model = parseModel(f, c);
  const hw = parseHardwareFlag(f, c);
  const pfHw = parseHardwareFlag(f, c, "prefillHardware");
  const dcHw = parseHardwareFlag(f, c, "decodeHardware");
  const base = parseDeployment(f, c);
  const pf = parseDeployment(f, c, "prefill");
  const dc = parseDeployment(f, c, "decode");
  const mode = c.oneOf<ServingMode>("--scheduler", typeof f.scheduler === "string" ? f.scheduler : undefined, SERVING_MODES) ?? "chunked";
  const disagg = mode === "disaggregated" || pfHw !== undefined || dcHw !== undefined;
  const router = c.oneOf<RouterName>("--router", f.router as string | undefined, ROUTERS);
  const seed = c.int("--seed", f.seed as string | undefined, 0) ?? 1;
  const rate = c.num("--rate", f.rate as string | undefined, { min: 0, minExclusive: true });
  const duration = c.num("--duration", f.duration as string | undefined, { min: 0, minExclusive: true });
  const requests = c.int("--requests", f.requests as string | undefined);
  const replicas = c.int("--replicas", f.replicas as string | undefined) ?? 1;
  const maxWait = c.num("--static-max-wait", f.staticMaxWait as string | undefined, { min: 0 });
  const linkGbps = c.num("--link-gbps", f.linkGbps as string | undefined, { min: 0, minExclusive: true });
  const linkLat = c.num("--link-latency-us", f.linkLatencyUs as string | undefined, { min: 0 });
  const linkOver = c.num("--link-overhead-us", f.linkOverheadUs as string | undefined, { min: 0 });
  const speculative = parseSpec(f, c);
  if (!disagg && !hw) c.add({ path: "--hardware", message: "give --hardware (or --prefill-hardware and --decode-hardware for disaggregated serving)" });
  // Workload: a preset or a trace.
  let source: WorkloadSource | undefined;
  let slo: Slo | undefined;
  const traceFile = f.trace as string | undefined;
  if (traceFile) {
    const text = readText(traceFile, "--trace");
    const opts = { name: path.basename(traceFile), ...(requests ? { requests } : {}), ...(duration ? { duration } : {}) };
    const r = /\.jsonl?$/i.test(traceFile) ? parseMooncakeTrace(text, opts) : parseAzureTrace(text, opts);
    source = attempt(() => orThrow(r), c.issues);
  } else {
    const preset = workloadCatalog().get(String(f.workload ?? "ide-autocomplete"), "--workload");
    if (!preset.ok) c.add(...preset.issues);
    else {
      slo = preset.value.slo;
      const r = buildWorkload(preset.value, { seed, rate, requests, duration, diurnal: f.diurnal !== false, ...(model ? { contextWindow: model.maxContext } : {}) });
      source = attempt(() => orThrow(r), c.issues);
    }
  }
  if (c.issues.length || !model || !source) throw new CliError(c.issues);
  const pools: SimulateSetup["pools"] = [];
  const pool = (name: string, h: typeof hw, d: typeof base, reps: number) => {
    const r = resolvePool({ ...base, ...d, hardware: h!, model });
    const dep = orThrow(r);
    pools.push({ name, deployment: dep, replicas: reps });
    return dep;
  };
  let config: SimulationConfig;
  const common = { seed, ...(router ? { router } : {}), prefixCaching: f.prefixCache !== false, ...(speculative ? { speculative } : {}), ...(slo ? { slo } : {}), ...(maxWait !== undefined ? { staticMaxWait: maxWait } : {}) };
  if (disagg) {
    const p = pool("prefill", pfHw ?? hw, pf, pf.replicas ?? 1);
    const d = pool("decode", dcHw ?? hw, dc, dc.replicas ?? 1);
    const def = defaultKvLink(p, d);
    const link: KvLink = { bandwidth: linkGbps !== undefined ? linkGbps * 1e9 : def.bandwidth, latency: linkLat !== undefined ? linkLat * 1e-6 : def.latency, overhead: (linkOver ?? 50) * 1e-6, layerwise: f.layerwise === true };
    config = { ...common, disaggregated: { prefill: { deployment: p, replicas: pf.replicas ?? 1 }, decode: { deployment: d, replicas: dc.replicas ?? 1 }, link } };
  } else {
    const d = pool("main", hw, {}, replicas);
    config = { ...common, deployment: d, replicas, scheduler: mode as (typeof REPLICA_SCHEDULERS)[number] };
  }
  return { source, config, slo, pools };
}

export function renderSimulation(r: SimulationReport, pools: SimulateSetup["pools"]): string {
  const none = r.completed === 0;
  const s = (x: { mean: number; p50: number; p90: number; p99: number }) => (none ? "— (no completed requests)" : `mean ${fix(x.mean, 1)}  p50 ${fix(x.p50, 1)}  p90 ${fix(x.p90, 1)}  p99 ${fix(x.p99, 1)}`);
  const pairs: [string, string][] = [
    ["workload", `${r.workload} (seed ${r.seed})`],
    ["serving", `${r.scheduler}, router ${r.router}; ${pools.map((p) => `${p.name}: ${p.replicas} × ${p.deployment.hardware.id} × ${p.deployment.chips} (tp ${p.deployment.tp}, pp ${p.deployment.pp})`).join("; ")}`],
  ];
  if (!r.fits) {
    pairs.push(["fits", `no: ${r.reason ?? "a pool does not fit"}`]);
    return keyValues(pairs);
  }
  pairs.push(
    ["requests", `${r.requests} arrived, ${r.completed} completed, ${r.cancelled} cancelled, ${r.rejected} rejected, ${r.unfinished} unfinished, ${r.preemptions} preemptions`],
    ["TTFT ms", s(r.ttft_ms)],
    ["TPOT ms", s(r.tpot_ms)],
    ["ITL ms", s(r.itl_ms)],
    ["end-to-end ms", s(r.e2e_ms)],
  );
  if (r.kv_transfer_ms) pairs.push(["KV transfer ms", `mean ${fix(r.kv_transfer_ms.mean, 2)}  p50 ${fix(r.kv_transfer_ms.p50, 2)}  p99 ${fix(r.kv_transfer_ms.p99, 2)}`]);
  pairs.push(
    ["throughput", `${fix(r.output_tokens_per_s, 0)} output tok/s, ${fix(r.input_tokens_per_s, 0)} input tok/s, ${fix(r.requests_per_s, 2)} req/s over ${fix(r.duration_s, 1)} s`],
    ["SLO", `${fix(r.slo_attainment * 100, 1)}% of completed requests meet every bound; goodput ${fix(r.goodput_rps, 2)} req/s`],
  );
  for (const ch of r.slo_checks) pairs.push([`  ${ch.metric} ${ch.percentile}`, none ? `no completed requests vs target ${ch.target_ms} ms: MISSED` : `${fix(ch.achieved_ms, 1)} ms vs target ${ch.target_ms} ms: ${ch.met ? "met" : "MISSED"}`]);
  pairs.push(["prefix cache", `${fix(r.prefix_hit_rate * 100, 1)}% of prompt tokens served from cache`], ["KV use", `${fix(r.kv_utilization_mean * 100, 1)}% mean`], ["cancelled work", `${r.cancelled_work_tokens} tokens`]);
  for (const w of r.warnings) pairs.push(["warning", w]);
  return keyValues(pairs);
}

function runSimulate(f: Flags) {
  const setup = setupSimulation(f);
  const bar = progressBar();
  const traceOut = f.traceOut as string | undefined;
  const report = simulate(setup.source, {
    ...setup.config,
    ...(traceOut ? { traceEvents: 500_000 } : {}),
    onProgress: (t, done, arrived) => bar.update(`t=${t.toFixed(0)}s`, done, Math.max(arrived, 1)),
  });
  bar.done();
  if (traceOut) {
    fs.writeFileSync(traceOut, JSON.stringify(report.trace));
  }
  const { trace: _trace, ...rest } = report;
  if (f.json) printJson(rest);
  else process.stdout.write(renderSimulation(report, setup.pools) + (traceOut ? `\ntrace written to ${traceOut} (open in ui.perfetto.dev)\n` : "\n"));
}
