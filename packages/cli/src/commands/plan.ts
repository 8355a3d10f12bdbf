/**
 * `infersim plan`: the cheapest configuration per hardware that meets a latency SLO for a model,
 * workload and demand rate (analytical search over chips, parallelism, precision and speculation,
 * the best confirmed with the simulator), Pareto frontiers, disaggregated pairings, and fleets
 * from scenario files. Sweeps fan out over worker threads; `--shard i/n` evaluates a slice (for a
 * Kubernetes Indexed Job) and prints JSONL that `infersim merge` joins.
 * @module
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { Piscina } from "piscina";
import {
  buildWorkload,
  confirmPlan,
  ENGINES,
  evaluateHardware,
  hardwareCatalog,
  issue,
  parseScenario,
  planFleet,
  planPairings,
  planSloOf,
  summarizePlan,
  workloadCatalog,
  workloadStats,
  type Engine,
  type FrontPoint,
  type Hardware,
  type PlanOption,
  type PlanRequest,
  type PlanResult,
  type PlanSlo,
  type Slo,
} from "@infersim/core";
import { attempt, CliError, orThrow } from "../errors.js";
import { loadHardwareList, readData } from "../load.js";
import { addCostOptions, parseCost, parseModel, type Flags } from "../options.js";
import { fix, int, printJson, table } from "../output.js";
import { Collector } from "../parse.js";
import { progressBar } from "../progress.js";
import type { PlanTask } from "../plan-worker.js";

export function planCommand(): Command {
  const c = new Command("plan").description("find the cheapest configuration (and fleet) meeting a latency SLO; Pareto frontiers; disaggregated pairings");
  c.option("-m, --model <id|file>", "model id or alias, or a Hugging Face config.json (required unless --scenario)");
  c.option("-w, --workload <preset>", "workload preset", "ide-autocomplete")
    .option("--rate <req/s>", "demand: LLM requests per second (peak)", "100")
    .option("--slo-ttft-p99-ms <ms>", "TTFT p99 bound (default: the preset's)")
    .option("--slo-tpot-p99-ms <ms>", "TPOT p99 bound (default: the preset's)")
    .option("--slo-e2e-p99-ms <ms>", "end-to-end p99 bound (default: the preset's)")
    .option("--min-tokens-per-s-per-user <n>", "decode speed bound")
    .option("-H, --hardware <ids>", "comma-separated hardware (default: the whole catalog)")
    .option("--engine <name>", `serving engine for calibrated overheads: ${ENGINES.join(", ")}`, "generic")
    .option("--confirm <k>", "confirm the k cheapest options with the simulator (0: none)", "3")
    .option("--scenario <file.yaml>", "plan a fleet from a scenario file (model, demand classes, hardware, engine, costs); takes only --seed and --json besides")
    .option("--prefill-hardware <ids>", "disaggregated pairings: prefill candidates")
    .option("--decode-hardware <ids>", "disaggregated pairings: decode candidates")
    .option("--prefill-chips <n>", "disaggregated pairings: chips per prefill replica (default: every layout tried)")
    .option("--decode-chips <n>", "disaggregated pairings: chips per decode replica (default: every layout tried; SRAM: from the fewest that hold the model)")
    .option("--shard <i/n>", "evaluate only slice i of n of the hardware and print JSONL (index defaults to JOB_COMPLETION_INDEX)")
    .option("--workers <n>", "worker threads (default: all cores)")
    .option("--seed <n>", "random seed for workload statistics and confirmation", "1")
    .option("--json", "print JSON");
  addCostOptions(c);
  c.addHelpText(
    "after",
    `
Examples:
  infersim plan -m gpt-oss-120b -w ide-autocomplete --rate 500 --slo-ttft-p99-ms 250 --slo-tpot-p99-ms 10 -H h100-sxm,b200,mi355x,groq-lpu
  infersim plan --scenario scenarios/coding-inference.yaml --json
  infersim plan -m llama-3.3-70b -w agent-realtime --rate 20 --prefill-hardware b200,trainium2 --decode-hardware groq-lpu,cerebras-cs3
  infersim plan -m gpt-oss-120b -w coding-agent --rate 60 --prefill-hardware b200 --prefill-chips 8 --decode-hardware cerebras-cs3`,
  );
  c.action(async (f: Flags, cmd: Command) => {
    const given = cmd.options.filter((o) => cmd.getOptionValueSource(o.attributeName()) === "cli").map((o) => o.long ?? o.flags);
    await runPlan(f, given);
  });
  return c;
}

/** The SLO flags (ms) over the preset's bounds (core `planSloOf`, as scenario files apply theirs). */
function sloFrom(f: Flags, c: Collector, preset: Slo | undefined): PlanSlo {
  const bound = (k: string, name: string) => c.num(name, f[k] as string | undefined, { min: 0, minExclusive: true });
  return planSloOf(preset, {
    ttftP99Ms: bound("sloTtftP99Ms", "--slo-ttft-p99-ms"),
    tpotP99Ms: bound("sloTpotP99Ms", "--slo-tpot-p99-ms"),
    e2eP99Ms: bound("sloE2eP99Ms", "--slo-e2e-p99-ms"),
    minTokensPerSecondPerUser: bound("minTokensPerSPerUser", "--min-tokens-per-s-per-user"),
  });
}

/** "i/n" with 0 ≤ i < n (a shard of n), or undefined when it is not one. */
export function shardOf(v: string): { index: number; count: number } | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index < count ? { index, count } : undefined;
}

/** `i/n`, or `/n` and JOB_COMPLETION_INDEX. */
export function parseShard(v: string | undefined, env: NodeJS.ProcessEnv = process.env): { index: number; count: number } | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  const s = shardOf(t.startsWith("/") && env.JOB_COMPLETION_INDEX !== undefined ? `${env.JOB_COMPLETION_INDEX}${t}` : t);
  if (!s) throw new CliError([issue("--shard", `shard must be i/n with 0 ≤ i < n (or /n with JOB_COMPLETION_INDEX set), got ${JSON.stringify(v)}`)]);
  return s;
}

/** A deterministic slice: hardware sorted by id, every n-th from i. */
export function shardSlice<T extends { id: string }>(items: readonly T[], index: number, count: number): T[] {
  return [...items].sort((a, b) => a.id.localeCompare(b.id)).filter((_, i) => i % count === index);
}

async function evaluateAll(req: Omit<PlanRequest, "hardware">, hardware: readonly Hardware[], workers: number): Promise<{ options: PlanOption[]; curves: FrontPoint[] }> {
  const bar = progressBar();
  let results: { options: PlanOption[]; curves: FrontPoint[] }[];
  if (workers <= 1 || hardware.length < 4) {
    results = hardware.map((h, i) => {
      const r = evaluateHardware(req, h);
      bar.update("plan", i + 1, hardware.length);
      return r;
    });
  } else {
    const pool = new Piscina({ filename: path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "plan-worker.js"), maxThreads: workers });
    let done = 0;
    // Promise.all keeps the task order: results come back in catalog order whatever finishes first.
    results = await Promise.all(
      hardware.map((h) =>
        (pool.run({ req, hardware: h } satisfies PlanTask) as Promise<{ options: PlanOption[]; curves: FrontPoint[] }>).then((r) => {
          bar.update("plan", ++done, hardware.length);
          return r;
        }),
      ),
    );
    await pool.destroy();
  }
  bar.done();
  return { options: results.flatMap((r) => r.options), curves: results.flatMap((r) => r.curves) };
}

export function renderPlan(r: PlanResult, title: string): string {
  const out = [title, ""];
  if (!r.best.length) out.push("no hardware meets the SLO at a known price:");
  else out.push(
    table(r.best, [
      { header: "hardware", value: (o) => o.hardware, right: false },
      { header: "chips", value: (o) => `${o.chips}×${o.replicas}=${o.chips_total}` },
      { header: "config", value: (o) => `tp${o.config.tp} pp${o.config.pp}${o.config.ep > 1 ? ` ep${o.config.ep}` : ""} ${o.config.weight_precision}${o.config.speculative ? " +spec" : ""} batch≤${o.config.max_batch}`, right: false },
      { header: "TTFT p99", value: (o) => fix(o.confirmed ? o.confirmed.ttft_ms_p99 : o.ttft_ms_p99, 1) },
      { header: "TPOT p99", value: (o) => fix(o.confirmed ? o.confirmed.tpot_ms_p99 : o.tpot_ms_p99, 2) },
      { header: "tok/s/user", value: (o) => fix(o.tokens_per_s_per_user, 0) },
      { header: "$/hour", value: (o) => fix(o.cost_usd_per_hour, 2) },
      { header: "$/Mtok", value: (o) => fix(o.cost_usd_per_mtok, 3) },
      { header: "kW", value: (o) => fix(o.power_kw, 1) },
      { header: "sim", value: (o) => (o.confirmed ? (o.confirmed.meets_slo ? "ok" : "MISS") : "—") },
    ]),
  );
  for (const x of r.failures) out.push(`${x.hardware}: ${x.reason}${x.unpriced ? " (pass --usd-per-chip-hour)" : ""}`);
  if (r.cheapest) out.push("", `cheapest: ${r.cheapest.hardware} × ${r.cheapest.chips_total} at $${fix(r.cheapest.cost_usd_per_hour, 2)}/hour ($${fix(r.cheapest.cost_usd_per_mtok, 3)} per million output tokens)`);
  out.push(`evaluated ${int(r.evaluated)} configurations; --json adds every option and the Pareto frontiers`);
  return out.join("\n");
}

/** Flags a scenario file replaces (it names the model, hardware, demand, SLOs, engine and costs). */
const SCENARIO_TAKES = new Set(["--scenario", "--seed", "--json"]);

async function runPlan(f: Flags, given: readonly string[]) {
  const c = new Collector();
  const seed = c.int("--seed", f.seed as string | undefined, 0) ?? 1;
  if (typeof f.scenario === "string") {
    for (const flag of given.filter((g) => !SCENARIO_TAKES.has(g))) c.add({ path: flag, message: `${flag} does not apply with --scenario: the scenario file sets the model, hardware, demand classes, SLOs, engine and costs (edit the file, or drop --scenario)` });
    if (c.issues.length) throw new CliError(c.issues);
    return runScenario(f.scenario, seed, f.json === true);
  }
  const cost = parseCost(f, c);
  const workers = c.int("--workers", f.workers as string | undefined) ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const engine = c.oneOf<Engine>("--engine", f.engine as string | undefined, ENGINES) ?? "generic";
  if (typeof f.model !== "string") c.add({ path: "--model", message: "give --model (or --scenario FILE)" });
  const model = typeof f.model === "string" ? parseModel(f, c) : undefined;
  const preset = workloadCatalog().get(String(f.workload), "--workload");
  if (!preset.ok) c.add(...preset.issues);
  const rate = c.num("--rate", f.rate as string | undefined, { min: 0, minExclusive: true });
  const slo = sloFrom(f, c, preset.ok ? preset.value.slo : undefined);
  const confirmK = c.int("--confirm", f.confirm as string | undefined, 0) ?? 3;
  const hardware = typeof f.hardware === "string" ? attempt(() => loadHardwareList(f.hardware as string), c.issues) : [...hardwareCatalog().list()];
  const pre = typeof f.prefillHardware === "string" ? attempt(() => loadHardwareList(f.prefillHardware as string, "--prefill-hardware"), c.issues) : undefined;
  const dec = typeof f.decodeHardware === "string" ? attempt(() => loadHardwareList(f.decodeHardware as string, "--decode-hardware"), c.issues) : undefined;
  const shard = attempt(() => parseShard(f.shard as string | undefined), c.issues);
  const prefillChips = c.int("--prefill-chips", f.prefillChips as string | undefined);
  const decodeChips = c.int("--decode-chips", f.decodeChips as string | undefined);
  if ((prefillChips !== undefined || decodeChips !== undefined) && !(pre && dec)) c.add({ path: prefillChips !== undefined ? "--prefill-chips" : "--decode-chips", message: "chips per pool apply to pairings: give --prefill-hardware and --decode-hardware too" });
  if ((pre && !dec) || (!pre && dec)) c.add({ path: pre ? "--decode-hardware" : "--prefill-hardware", message: "pairings need both --prefill-hardware and --decode-hardware" });
  if (c.issues.length || !model || !preset.ok || rate === undefined || !hardware) throw new CliError(c.issues);
  const src = orThrow(buildWorkload(preset.value, { seed, contextWindow: model.maxContext }));
  const stats = workloadStats(src);
  const req = { model, workload: stats, rate, slo, cost, engine, ...(preset.value.speculative ? { speculative: preset.value.speculative } : {}) };
  if (pre && dec) {
    const r = planPairings({ ...req, prefillHardware: pre, decodeHardware: dec, ...chipsOf({ prefillChips, decodeChips }) });
    if (f.json) return printJson({ workload: stats, slo, ...r });
    return process.stdout.write(renderPairings(r) + "\n");
  }
  const hwSlice = shard ? shardSlice(hardware, shard.index, shard.count) : hardware;
  const evaluated = await evaluateAll(req, hwSlice, shard ? 1 : workers);
  if (shard) {
    const lines = [JSON.stringify({ type: "meta", shard: `${shard.index}/${shard.count}`, model: model.id, workload: preset.value.id, rate, slo, engine, cost, hardware: hwSlice.map((h) => h.id) })];
    for (const o of evaluated.options) lines.push(JSON.stringify({ type: "option", ...o }));
    for (const p of evaluated.curves) lines.push(JSON.stringify({ type: "curve", ...p }));
    return process.stdout.write(lines.join("\n") + "\n");
  }
  let result = summarizePlan(evaluated.options, evaluated.curves);
  // Simulate the k cheapest hardware's two cheapest options each; their unconfirmed options drop out.
  if (confirmK > 0) result = confirmPlan(result, { ...req, hardware }, preset.value, { hardware: confirmK, seed });
  if (f.json) return printJson({ model: model.id, workload: { preset: preset.value.id, ...stats }, rate, slo, ...outputShape(result) });
  process.stdout.write(renderPlan(result, `plan: ${model.id}, ${preset.value.id} at ${rate} req/s; SLO ${sloText(slo)}`) + "\n");
}

const sloText = (s: PlanSlo) =>
  [s.ttftP99 !== undefined ? `TTFT p99 ≤ ${s.ttftP99 * 1e3} ms` : "", s.tpotP99 !== undefined ? `TPOT p99 ≤ ${s.tpotP99 * 1e3} ms` : "", s.e2eP99 !== undefined ? `E2E p99 ≤ ${s.e2eP99 * 1e3} ms` : "", s.minTokensPerSecondPerUser ? `≥ ${s.minTokensPerSecondPerUser} tok/s/user` : ""].filter(Boolean).join(", ") || "none";

export function outputShape(r: PlanResult) {
  return { options: r.options, cheapest: r.cheapest, best: r.best, failures: r.failures, throughput_frontier: r.throughputFrontier, cost_frontier: r.costFrontier, evaluated: r.evaluated };
}

function renderPairings(r: ReturnType<typeof planPairings>): string {
  const rows = r.pairings;
  const out = [
    table(rows, [
      { header: "prefill", value: (p) => `${p.prefill.hardware} ${p.prefill.chips}×${p.prefill.replicas}`, right: false },
      { header: "decode", value: (p) => `${p.decode.hardware} ${p.decode.chips}×${p.decode.replicas}`, right: false },
      { header: "meets", value: (p) => (p.meets_slo ? "yes" : "no") },
      { header: "TTFT p99", value: (p) => fix(p.ttft_ms_p99, 0) },
      { header: "KV xfer ms", value: (p) => fix(p.kv_transfer_ms, 1) },
      { header: "TPOT p99", value: (p) => fix(p.tpot_ms_p99, 2) },
      { header: "tok/s/user", value: (p) => fix(p.tokens_per_s_per_user, 0) },
      { header: "$/hour", value: (p) => fix(p.cost_usd_per_hour, 2) },
      { header: "$/Mtok", value: (p) => fix(p.cost_usd_per_mtok, 3) },
    ]),
  ];
  for (const u of r.unpaired) out.push(`${u.prefill} → ${u.decode}: no pairing (${u.reason})`);
  if (r.bestSingle) out.push("", `best single architecture: ${r.bestSingle.hardware} × ${r.bestSingle.chips_total} at $${fix(r.bestSingle.cost_usd_per_hour, 2)}/hour ($${fix(r.bestSingle.cost_usd_per_mtok, 3)}/Mtok)`);
  if (r.bestMixed) out.push(`best mixed pairing: ${r.bestMixed.prefill.hardware} → ${r.bestMixed.decode.hardware} at $${fix(r.bestMixed.cost_usd_per_hour, 2)}/hour: ${r.mixedBeatsSingle ? "cheaper" : "not cheaper"} than the best single architecture`);
  return out.join("\n");
}

/** The pool sizes a scenario's disaggregation fixes, if any. */
const chipsOf = (d: { prefillChips?: number | undefined; decodeChips?: number | undefined }) => ({ ...(d.prefillChips !== undefined ? { prefillChips: d.prefillChips } : {}), ...(d.decodeChips !== undefined ? { decodeChips: d.decodeChips } : {}) });

function runScenario(file: string, seed: number, json: boolean) {
  const data = readData(file, "--scenario");
  const sc = orThrow(parseScenario(data, path.basename(file), seed));
  const fleet = planFleet(sc.fleet);
  const pairings = sc.disaggregation
    ? sc.fleet.classes.map((cl, i) => ({ class: cl.name, ...planPairings({ ...sc.fleet, workload: cl.workload, rate: cl.peakRate, slo: cl.slo, single: fleet.perClass[i]!.result, prefillHardware: sc.disaggregation!.prefill, decodeHardware: sc.disaggregation!.decode, ...chipsOf(sc.disaggregation!) }) }))
    : [];
  if (json) return printJson({ scenario: sc.name, classes: sc.fleet.classes.map((c) => ({ name: c.name, workload: sc.workloads[c.name], peak_rate: c.peakRate, average_rate: c.averageRate, slo: c.slo, stats: c.workload })), ...fleet, perClass: fleet.perClass.map((p) => ({ class: p.class, ...outputShape(p.result) })), pairings });
  const out = [`scenario ${sc.name}: ${sc.fleet.model.id}`];
  for (const pc of fleet.perClass) out.push("", renderPlan(pc.result, `class ${pc.class}`));
  out.push("", "fleets (cheapest first):");
  const fl = [...fleet.homogeneous, ...(fleet.heterogeneous ? [fleet.heterogeneous] : [])].sort((a, b) => a.cost_usd_per_hour - b.cost_usd_per_hour);
  out.push(
    table(fl, [
      { header: "fleet", value: (x) => x.name, right: false },
      { header: "chips", value: (x) => int(x.chips) },
      { header: "$/hour", value: (x) => fix(x.cost_usd_per_hour, 0) },
      { header: "$/Mtok peak", value: (x) => fix(x.cost_usd_per_mtok_peak, 3) },
      { header: "$/Mtok avg", value: (x) => fix(x.cost_usd_per_mtok_average, 3) },
      { header: "kW", value: (x) => fix(x.power_kw, 0) },
      { header: "MW facility", value: (x) => fix(x.facility_mw, 3) },
      { header: "capex $M", value: (x) => (x.capex_usd === null ? "—" : fix(x.capex_usd / 1e6, 1)) },
    ]),
  );
  if (fleet.sensitivity.length) {
    out.push("", "sensitivity:");
    out.push(
      table(fleet.sensitivity, [
        { header: "change", value: (s) => s.change, right: false },
        { header: "mixed fleet", value: (s) => s.heterogeneous_hardware, right: false },
        { header: "$/hour", value: (s) => fix(s.heterogeneous_cost_usd_per_hour, 0) },
        { header: "best single", value: (s) => s.cheapest_homogeneous, right: false },
        { header: "$/hour ", value: (s) => fix(s.cheapest_homogeneous_cost_usd_per_hour, 0) },
      ]),
    );
  }
  for (const p of pairings) out.push("", `disaggregated pairings for ${p.class}:`, renderPairings(p));
  process.stdout.write(out.join("\n") + "\n");
}
