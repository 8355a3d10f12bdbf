/**
 * `infersim simulate`: serve a workload preset or a trace on replicas of a deployment (or on a
 * prefill pool and a decode pool, possibly of different hardware) with the discrete-event
 * simulator; latency percentiles, throughput, goodput and SLO attainment; optional Perfetto trace.
 * @module
 */
import path from "node:path";
import { Command } from "commander";
import {
  buildWorkload,
  DEFAULT_KV_TRANSFER_OVERHEAD_S,
  gbps,
  parseAzureTrace,
  parseMooncakeTrace,
  ROUTERS,
  SERVING_MODES,
  simulate,
  simulationSetup,
  us,
  workloadCatalog,
  type RouterName,
  type ServingMode,
  type SimPool,
  type SimulationConfig,
  type SimulationReport,
  type Slo,
  type Summary,
  type WorkloadSource,
} from "@infersim/core";
import { attempt, CliError, orThrow } from "../errors.js";
import { readText, writeText } from "../load.js";
import { fix, keyValues, printJson } from "../output.js";
import { addDeploymentOptions, addModelOption, addSpecOptions, parseDeployment, parseHardwareFlag, parseModel, parseSpec, type Flags } from "../options.js";
import { Collector } from "../parse.js";
import { progressBar } from "../progress.js";

const DEFAULT_WORKLOAD = "ide-autocomplete";
const DEFAULT_SEED = 1;

export function simulateCommand(): Command {
  const c = new Command("simulate").description("simulate serving a workload (discrete-event: queueing, batching, KV cache, prefix reuse, cancellation)");
  c.option("-H, --hardware <id|file>", "hardware of every replica (and of both pools unless --prefill-hardware/--decode-hardware)");
  addModelOption(c);
  addDeploymentOptions(c);
  c.option("-w, --workload <preset>", `workload preset: ${workloadCatalog().list().map((w) => w.id).join(", ")} (default: ${DEFAULT_WORKLOAD})`)
    .option("--trace <file>", "replay a trace instead of a preset: Azure LLM CSV (.csv) or Mooncake JSONL (.jsonl); takes --requests and --duration, not --workload, --rate or --no-diurnal")
    .option("--rate <r>", "mean arrival rate, requests/s (session starts/s for agent presets); replaces the preset's")
    .option("--duration <s>", "stop arrivals after this many seconds")
    .option("--requests <n>", "stop after this many requests")
    .option("--replicas <k>", "replicas of the deployment", "1")
    .option("--scheduler <name>", `${SERVING_MODES.join(", ")}`, "chunked")
    .option("--router <name>", `${ROUTERS.join(", ")}`, "least-outstanding")
    .option("--seed <n>", `random seed of the workload and of speculative acceptance (default: ${DEFAULT_SEED})`)
    .option("--no-prefix-cache", "disable prefix caching")
    .option("--no-diurnal", "constant rate (ignore the preset's time-of-day profile)")
    .option("--static-max-wait <s>", "static batching: longest wait for a full batch")
    .option("--trace-out <file.json>", "write a Chrome/Perfetto trace of the run")
    .option("--json", "print the report as JSON");
  c.option("--prefill-hardware <id|file>", "disaggregated: prefill pool hardware").option("--decode-hardware <id|file>", "disaggregated: decode pool hardware");
  addDeploymentOptions(c, "prefill");
  addDeploymentOptions(c, "decode");
  c.option("--link-gbps <GB/s>", "disaggregated: KV link bandwidth per transfer, GB/s (default: chips × scale-out)")
    .option("--link-latency-us <us>", "disaggregated: KV link latency, µs (default: the larger scale-out latency)")
    .option("--link-overhead-us <us>", `disaggregated: software cost per transfer, µs (default ${DEFAULT_KV_TRANSFER_OVERHEAD_S * 1e6}, an estimate)`)
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

export interface SimulateSetup {
  source: WorkloadSource;
  config: SimulationConfig;
  pools: readonly SimPool[];
}

const str = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined);

/** The workload: a preset, or a trace (which takes no preset flags). */
function parseSource(f: Flags, c: Collector, seed: number, contextWindow: number | undefined): { source?: WorkloadSource; slo?: Slo } {
  const rate = c.num("--rate", str(f.rate), { min: 0, minExclusive: true });
  const duration = c.num("--duration", str(f.duration), { min: 0, minExclusive: true });
  const requests = c.int("--requests", str(f.requests));
  const traceFile = str(f.trace);
  if (traceFile) {
    const ignored = [f.workload !== undefined && "--workload", f.rate !== undefined && "--rate", f.diurnal === false && "--no-diurnal"].filter((x): x is string => !!x);
    for (const flag of ignored) c.add({ path: flag, message: `${flag} applies to workload presets; a --trace replays its own arrivals and lengths (drop ${flag})` });
    if (f.seed !== undefined && f.specMethod === undefined) c.add({ path: "--seed", message: "a --trace replays fixed arrivals: the seed would only draw speculative acceptance, and --spec-method is not given (drop --seed)" });
    if (ignored.length || c.issues.length) return {};
    const text = readText(traceFile, "--trace");
    const opts = { name: path.basename(traceFile), ...(requests ? { requests } : {}), ...(duration ? { duration } : {}) };
    const r = /\.jsonl?$/i.test(traceFile) ? parseMooncakeTrace(text, opts) : parseAzureTrace(text, opts);
    const source = attempt(() => orThrow(r), c.issues);
    return source ? { source } : {};
  }
  const preset = c.pick(workloadCatalog(), str(f.workload) ?? DEFAULT_WORKLOAD, "--workload");
  if (!preset) return {};
  const r = buildWorkload(preset, { seed, rate, requests, duration, diurnal: f.diurnal !== false, contextWindow });
  const source = attempt(() => orThrow(r), c.issues);
  return source ? { source, slo: preset.slo } : {};
}

/** Flags → workload source and simulation config (the core's `simulationSetup`, as the web app's Simulate view builds it). */
export function setupSimulation(f: Flags): SimulateSetup {
  const c = new Collector();
  const model = parseModel(f, c);
  const hardware = parseHardwareFlag(f, c);
  const prefillHardware = parseHardwareFlag(f, c, "prefillHardware");
  const decodeHardware = parseHardwareFlag(f, c, "decodeHardware");
  const deployment = parseDeployment(f, c);
  const { replicas: prefillReplicas, ...prefill } = parseDeployment(f, c, "prefill");
  const { replicas: decodeReplicas, ...decode } = parseDeployment(f, c, "decode");
  const mode = c.oneOf<ServingMode>("--scheduler", str(f.scheduler), SERVING_MODES);
  const router = c.oneOf<RouterName>("--router", str(f.router), ROUTERS);
  const seed = c.int("--seed", str(f.seed), 0) ?? DEFAULT_SEED;
  const replicas = c.int("--replicas", str(f.replicas));
  const staticMaxWait = c.num("--static-max-wait", str(f.staticMaxWait), { min: 0 });
  const linkGbps = c.num("--link-gbps", str(f.linkGbps), { min: 0, minExclusive: true });
  const linkLatencyUs = c.num("--link-latency-us", str(f.linkLatencyUs), { min: 0 });
  const linkOverheadUs = c.num("--link-overhead-us", str(f.linkOverheadUs), { min: 0 });
  const speculative = parseSpec(f, c);
  const { source, slo } = parseSource(f, c, seed, model?.maxContext);
  if (c.issues.length || !model || !source) throw new CliError(c.issues);
  const given = (flag: string) => f[flag.replace(/^--/, "").replace(/-([a-z])/g, (_, x: string) => x.toUpperCase())] !== undefined;
  const setup = orThrow(
    simulationSetup({
      model,
      hardware,
      deployment,
      replicas,
      mode,
      prefill: { ...prefill, hardware: prefillHardware, replicas: prefillReplicas },
      decode: { ...decode, hardware: decodeHardware, replicas: decodeReplicas },
      link: {
        bandwidth: linkGbps !== undefined ? gbps(linkGbps) : undefined,
        latency: linkLatencyUs !== undefined ? us(linkLatencyUs) : undefined,
        overhead: linkOverheadUs !== undefined ? us(linkOverheadUs) : undefined,
        layerwise: f.layerwise === true,
      },
      router,
      seed,
      prefixCaching: f.prefixCache !== false,
      slo,
      speculative,
      staticMaxWait,
    }),
    given,
  );
  return { source, config: setup.config, pools: setup.pools };
}

export function renderSimulation(r: SimulationReport, pools: SimulateSetup["pools"]): string {
  const s = (x: Summary) => (x.mean === null ? "— (no request measured)" : `mean ${fix(x.mean, 1)}  p50 ${fix(x.p50, 1)}  p90 ${fix(x.p90, 1)}  p99 ${fix(x.p99, 1)}`);
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
  for (const ch of r.slo_checks) pairs.push([`  ${ch.metric} ${ch.percentile}`, ch.achieved_ms === null ? (ch.met ? `not applicable (no measured request has this figure) vs target ${ch.target_ms} ms: met` : `no request measured vs target ${ch.target_ms} ms: MISSED`) : `${fix(ch.achieved_ms, 1)} ms vs target ${ch.target_ms} ms: ${ch.met ? "met" : "MISSED"}`]);
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
  if (traceOut) writeText(traceOut, JSON.stringify(report.trace), "--trace-out");
  const { trace: _trace, ...rest } = report;
  if (f.json) printJson(rest);
  else process.stdout.write(renderSimulation(report, setup.pools) + (traceOut ? `\ntrace written to ${traceOut} (open in ui.perfetto.dev)\n` : "\n"));
}
