/**
 * Flags shared by the commands, declared once: deployment (chips, parallelism, precision, engine,
 * limits — optionally prefixed `prefill-`/`decode-` for the pools of disaggregated serving),
 * workload shape (batch, input, output), speculative decoding and cost basis. Parsing reports every
 * bad flag with its name and value.
 * @module
 */
import type { Command } from "commander";
import { DECODE_ATTENTION, DEPLOYMENT_DEFAULTS, MOE_ROUTING, DTYPES, ENGINES, OWNERSHIP_DEFAULTS, type CostBasis, type DeploymentSpec, type Engine, type Hardware, type Model, type OperatingPointSpec, type SpeculativeSpec } from "@infersim/core";
import { attempt, CliError } from "./errors.js";
import { loadHardware, loadModel } from "./load.js";
import { Collector } from "./parse.js";

export type Flags = Record<string, string | boolean | undefined>;

/** `prefill` + `chips` → `prefillChips` (commander's camel-casing of `--prefill-chips`). */
const key = (prefix: string, name: string) => (prefix ? prefix + name[0]!.toUpperCase() + name.slice(1) : name);
const flag = (prefix: string, name: string) => `--${prefix ? prefix + "-" : ""}${name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`;

export function addModelOption(c: Command): Command {
  return c.requiredOption("-m, --model <id|file>", "model id or alias, or a Hugging Face config.json");
}

/** Deployment flags; with a prefix (`prefill`, `decode`) the subset a pool of disaggregated serving takes. */
export function addDeploymentOptions(c: Command, prefix = ""): Command {
  const f = (name: string) => flag(prefix, name);
  const who = prefix ? `${prefix} pool: ` : "";
  c.option(`${f("chips")} <n>`, `${who}total chips (default: the fewest that fit; SRAM machines: weights + KV in SRAM)`)
    .option(`${f("tp")} <n>`, `${who}tensor-parallel degree`)
    .option(`${f("pp")} <n>`, `${who}pipeline-parallel stages`)
    .option(`${f("ep")} <n>`, `${who}expert-parallel degree (divides the tensor-parallel degree)`)
    .option(`${f("precision")} <dtype>`, `${who}weight format: ${DTYPES.join(", ")} (default: the model's release format)`);
  if (prefix) return c.option(`${f("replicas")} <n>`, `${who}replicas (default 1)`);
  return c
    .option("--dp <n>", "independent replicas inside the deployment")
    .option("--attention-dp", "attention data-parallel inside the TP group (DEP)")
    .option("--expert-precision <dtype>", "MoE expert weight format (default: --precision)")
    .option("--kv-precision <dtype>", "KV-cache format (default: fp8 with 8-bit or smaller weights on fp8 hardware, else bf16)")
    .option("--engine <name>", `serving engine for calibrated overheads: ${ENGINES.join(", ")}`, "generic")
    .option("--memory-utilization <f>", `fraction of chip memory the engine may use (default ${DEPLOYMENT_DEFAULTS.memoryUtilization})`)
    .option("--max-batch <n>", `largest sequences per step (default ${DEPLOYMENT_DEFAULTS.maxBatch})`)
    .option("--max-tokens-per-step <n>", `largest tokens per step, the chunked-prefill budget (default ${DEPLOYMENT_DEFAULTS.maxTokensPerStep})`)
    .option("--weight-streaming", "wafer-scale: stream weights from external memory")
    .option("--attention-kernel <k>", "decode-attention kernel: split (each sequence's KV spread over thread blocks, as current engines do) or serial (one block per sequence and head, e.g. TensorRT-LLM 0.11 without multi-block mode)", "split")
    .option("--moe-routing <r>", "how a step's tokens spread over MoE experts: spread (independent requests) or identical (every token, prompt tokens included, picks the same experts: a prompt of one repeated token copied over the batch and decoded greedily, as some latency benchmarks run; only the top-k experts are read)", "spread");
}

export function addShapeOptions(c: Command, d: { batch?: string; input?: string; output?: string } = {}): Command {
  return c
    .option("-b, --batch <n|max>", "concurrent requests per replica, or max (largest that fits)", d.batch ?? "1")
    .option("-i, --input <tokens>", "prompt tokens per request", d.input ?? "1024")
    .option("-o, --output <tokens>", "output tokens per request", d.output ?? "128")
    .option("--cached-input <tokens>", "prompt tokens already in the prefix cache")
    .option("--batching <mode>", "continuous (each request's decode shares steps with the others' prompts, as in a loaded engine) or static (the batch's prompts, then its decode)", "continuous");
}

export function addSpecOptions(c: Command): Command {
  return c
    .option("--spec-method <m>", "speculative decoding: draft, ngram or mtp")
    .option("--spec-acceptance <a>", "speculative acceptance rate in [0, 1)", "0.7")
    .option("--spec-length <k>", "draft tokens per step", "4")
    .option("--draft-model <id|file>", "draft model for --spec-method draft");
}

export function addCostOptions(c: Command): Command {
  return c
    .option("--cost-basis <b>", "rental (default), ownership or tco", "rental")
    .option("--usd-per-chip-hour <usd>", "rental or TCO price override")
    .option("--capex-usd <usd>", "ownership: purchase price per chip")
    .option("--years <y>", `ownership: amortisation years (default ${OWNERSHIP_DEFAULTS.years})`)
    .option("--pue <x>", `ownership: power usage effectiveness (default ${OWNERSHIP_DEFAULTS.pue})`)
    .option("--usd-per-kwh <usd>", `ownership: electricity price (default ${OWNERSHIP_DEFAULTS.usdPerKwh})`);
}

/** predict/compare: everything. */
export function addPredictOptions(c: Command): Command {
  addModelOption(c);
  addDeploymentOptions(c);
  addShapeOptions(c);
  addSpecOptions(c);
  return addCostOptions(c);
}

const str = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined);

/** Deployment fields (all but hardware and model) from flags with an optional prefix. */
export function parseDeployment(f: Flags, c: Collector, prefix = ""): Partial<DeploymentSpec> & { replicas?: number } {
  const g = (n: string) => str(f[key(prefix, n)]);
  const spec: Record<string, unknown> = {
    chips: c.int(flag(prefix, "chips"), g("chips")),
    tp: c.int(flag(prefix, "tp"), g("tp")),
    pp: c.int(flag(prefix, "pp"), g("pp")),
    ep: c.int(flag(prefix, "ep"), g("ep")),
    weightDtype: c.dtype(flag(prefix, "precision"), g("precision")),
  };
  if (prefix) spec.replicas = c.int(flag(prefix, "replicas"), g("replicas"));
  else
    Object.assign(spec, {
      dp: c.int("--dp", g("dp")),
      attentionDp: f.attentionDp === true ? true : undefined,
      expertDtype: c.dtype("--expert-precision", g("expertPrecision")),
      kvDtype: c.dtype("--kv-precision", g("kvPrecision")),
      engine: c.oneOf<Engine>("--engine", g("engine"), ENGINES),
      memoryUtilization: c.num("--memory-utilization", g("memoryUtilization"), { min: 0, max: 1, minExclusive: true }),
      maxBatch: c.int("--max-batch", g("maxBatch")),
      maxTokensPerStep: c.int("--max-tokens-per-step", g("maxTokensPerStep")),
      weightStreaming: f.weightStreaming === true ? true : undefined,
      decodeAttention: c.oneOf("--attention-kernel", g("attentionKernel"), DECODE_ATTENTION),
      moeRouting: c.oneOf("--moe-routing", g("moeRouting"), MOE_ROUTING),
    });
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
}

export function parseModel(f: Flags, c: Collector, name = "model"): Model | undefined {
  return attempt(() => loadModel(String(f[name]), `--${name.replace(/[A-Z]/g, (x) => "-" + x.toLowerCase())}`), c.issues);
}

/** The one hardware entry a flag names (an id, or a file of one entry); `one` says what to do when a file has several. */
export function parseHardwareFlag(f: Flags, c: Collector, name = "hardware", one = "give one"): Hardware | undefined {
  const v = str(f[name]);
  if (v === undefined) return undefined;
  const flagName = `--${name.replace(/[A-Z]/g, (x) => "-" + x.toLowerCase())}`;
  const list = attempt(() => loadHardware(v, flagName), c.issues);
  if (list && list.length !== 1) c.add({ path: flagName, message: `names ${list.length} entries; ${one}` });
  return list?.[0];
}

export function parseSpec(f: Flags, c: Collector): SpeculativeSpec | undefined {
  const method = c.oneOf("--spec-method", str(f.specMethod), ["draft", "ngram", "mtp"] as const);
  if (!method) return undefined;
  const acceptance = c.num("--spec-acceptance", str(f.specAcceptance), { min: 0, max: 0.999 });
  const length = c.int("--spec-length", str(f.specLength));
  let draftModel: Model | undefined;
  if (method === "draft") {
    if (!f.draftModel) c.add({ path: "--draft-model", message: "--spec-method draft needs --draft-model" });
    else draftModel = parseModel(f, c, "draftModel");
  }
  if (acceptance === undefined || length === undefined) return undefined;
  return { method, acceptance, length, ...(draftModel ? { draftModel } : {}) };
}

export function parseCost(f: Flags, c: Collector): CostBasis {
  const basis = c.oneOf("--cost-basis", str(f.costBasis), ["rental", "ownership", "tco"] as const) ?? "rental";
  const price = c.num("--usd-per-chip-hour", str(f.usdPerChipHour), { min: 0, minExclusive: true });
  if (basis !== "ownership") return price !== undefined ? { kind: basis, usdPerChipHour: price } : { kind: basis };
  const o: Record<string, number> = {};
  const put = (k: string, v: number | undefined) => v !== undefined && (o[k] = v);
  put("capexUsdPerChip", c.num("--capex-usd", str(f.capexUsd), { min: 0, minExclusive: true }));
  put("years", c.num("--years", str(f.years), { min: 0, minExclusive: true }));
  put("pue", c.num("--pue", str(f.pue), { min: 1 }));
  put("usdPerKwh", c.num("--usd-per-kwh", str(f.usdPerKwh), { min: 0 }));
  return { kind: "ownership", ...o };
}

export type ParsedFlags = Omit<DeploymentSpec, "hardware"> & OperatingPointSpec;

/** predict/compare flags → a predict input without hardware; every bad flag reported. */
export function parseDeploymentFlags(f: Flags): ParsedFlags {
  const c = new Collector();
  const model = parseModel(f, c);
  const batchRaw = str(f.batch) ?? "1";
  const batch = batchRaw.toLowerCase() === "max" ? "max" : c.int("--batch", batchRaw, 1);
  const input = c.int("--input", str(f.input) ?? "1024", 0);
  const output = c.int("--output", str(f.output) ?? "128", 1);
  const cachedInput = c.int("--cached-input", str(f.cachedInput), 0);
  const mode = c.oneOf<"continuous" | "static">("--batching", str(f.batching) ?? "continuous", ["continuous", "static"]);
  const dep = parseDeployment(f, c);
  const speculative = parseSpec(f, c);
  const cost = parseCost(f, c);
  if (c.issues.length || !model || batch === undefined || input === undefined || output === undefined) throw new CliError(c.issues);
  return {
    ...(dep as Partial<DeploymentSpec>),
    model,
    batch,
    input,
    output,
    ...(cachedInput !== undefined ? { cachedInput } : {}),
    ...(mode ? { mode } : {}),
    ...(speculative ? { speculative } : {}),
    cost,
  } as ParsedFlags;
}

/** Merge parsed flags with one hardware entry. */
export const withHardware = (p: ParsedFlags, hardware: Hardware) => ({ ...p, hardware });

/** Kept for commands typed on the old flag bag. */
export type DeploymentFlags = Flags & { model: string };
