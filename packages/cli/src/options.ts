/**
 * Flags shared by predict, compare and the commands built on them: deployment (chips, parallelism,
 * precision, engine), workload shape (batch, input, output), speculative decoding and cost basis.
 * Declared once here; each command adds them with {@link addDeploymentOptions}.
 * @module
 */
import type { Command } from "commander";
import { DTYPES, ENGINES, parseDtype, type CostBasis, type DeploymentSpec, type Dtype, type Engine, type Hardware, type OperatingPointSpec, type SpeculativeSpec } from "@infersim/core";
import { CliError } from "./errors.js";
import { loadModel } from "./load.js";
import { Collector } from "./parse.js";

export interface DeploymentFlags {
  model: string;
  chips?: string;
  tp?: string;
  pp?: string;
  ep?: string;
  dp?: string;
  attentionDp?: boolean;
  precision?: string;
  expertPrecision?: string;
  kvPrecision?: string;
  engine?: string;
  memoryUtilization?: string;
  maxBatch?: string;
  maxTokensPerStep?: string;
  weightStreaming?: boolean;
  batch?: string;
  input?: string;
  output?: string;
  cachedInput?: string;
  specMethod?: string;
  specAcceptance?: string;
  specLength?: string;
  draftModel?: string;
  costBasis?: string;
  usdPerChipHour?: string;
  capexUsd?: string;
  years?: string;
  pue?: string;
  usdPerKwh?: string;
}

export function addDeploymentOptions(c: Command, defaults: { batch?: string; input?: string; output?: string } = {}): Command {
  return c
    .requiredOption("-m, --model <id|file>", "model id or alias, or a Hugging Face config.json")
    .option("--chips <n>", "total chips (default: the fewest that fit; SRAM machines: weights + KV in SRAM)")
    .option("--tp <n>", "tensor-parallel degree")
    .option("--pp <n>", "pipeline-parallel stages")
    .option("--ep <n>", "expert-parallel degree (divides --tp)")
    .option("--dp <n>", "independent replicas", undefined)
    .option("--attention-dp", "attention data-parallel inside the TP group (DEP)")
    .option("--precision <dtype>", `weight format: ${DTYPES.join(", ")} (default: the model's release format)`)
    .option("--expert-precision <dtype>", "MoE expert weight format (default: --precision)")
    .option("--kv-precision <dtype>", "KV-cache format (default: fp8 with 8-bit or smaller weights on fp8 hardware, else bf16)")
    .option("--engine <name>", `serving engine for calibrated overheads: ${ENGINES.join(", ")}`, "generic")
    .option("--memory-utilization <f>", "fraction of chip memory the engine may use (default 0.9)")
    .option("--max-batch <n>", "largest sequences per step (default 2048)")
    .option("--max-tokens-per-step <n>", "largest tokens per step, the chunked-prefill budget (default 8192)")
    .option("--weight-streaming", "wafer-scale: stream weights from external memory")
    .option("-b, --batch <n|max>", "concurrent requests per replica, or max (largest that fits)", defaults.batch ?? "1")
    .option("-i, --input <tokens>", "prompt tokens per request", defaults.input ?? "1024")
    .option("-o, --output <tokens>", "output tokens per request", defaults.output ?? "128")
    .option("--cached-input <tokens>", "prompt tokens already in the prefix cache")
    .option("--spec-method <m>", "speculative decoding: draft, ngram or mtp")
    .option("--spec-acceptance <a>", "speculative acceptance rate in [0, 1)", "0.7")
    .option("--spec-length <k>", "draft tokens per step", "4")
    .option("--draft-model <id|file>", "draft model for --spec-method draft")
    .option("--cost-basis <b>", "rental (default), ownership or tco", "rental")
    .option("--usd-per-chip-hour <usd>", "rental or TCO price override")
    .option("--capex-usd <usd>", "ownership: purchase price per chip")
    .option("--years <y>", "ownership: amortisation years (default 4)")
    .option("--pue <x>", "ownership: power usage effectiveness (default 1.3)")
    .option("--usd-per-kwh <usd>", "ownership: electricity price (default 0.08)");
}

function dtype(c: Collector, flag: string, v: string | undefined): Dtype | undefined {
  if (v === undefined) return undefined;
  const d = parseDtype(v);
  if (!d) c.add({ path: flag, message: `${flag.slice(2)} must be one of ${DTYPES.join(", ")}, got ${JSON.stringify(v)}` });
  return d;
}

export type ParsedFlags = Omit<DeploymentSpec, "hardware"> & OperatingPointSpec;

/** Turn the flags into a predict input (all but the hardware); every bad flag is reported. */
export function parseDeploymentFlags(f: DeploymentFlags): ParsedFlags {
  const c = new Collector();
  let model;
  try {
    model = loadModel(f.model);
  } catch (e) {
    if (e instanceof CliError) c.add(...e.issues);
    else throw e;
  }
  const batchRaw = f.batch ?? "1";
  const batch = batchRaw.toLowerCase() === "max" ? "max" : c.int("--batch", batchRaw, 1);
  const input = c.int("--input", f.input ?? "1024", 0);
  const output = c.int("--output", f.output ?? "128", 1);
  const cachedInput = c.int("--cached-input", f.cachedInput, 0);
  const spec: Partial<Record<string, unknown>> = {
    chips: c.int("--chips", f.chips),
    tp: c.int("--tp", f.tp),
    pp: c.int("--pp", f.pp),
    ep: c.int("--ep", f.ep),
    dp: c.int("--dp", f.dp),
    attentionDp: f.attentionDp,
    weightDtype: dtype(c, "--precision", f.precision),
    expertDtype: dtype(c, "--expert-precision", f.expertPrecision),
    kvDtype: dtype(c, "--kv-precision", f.kvPrecision),
    engine: c.oneOf<Engine>("--engine", f.engine, ENGINES),
    memoryUtilization: c.num("--memory-utilization", f.memoryUtilization, { min: 0, max: 1, minExclusive: true }),
    maxBatch: c.int("--max-batch", f.maxBatch),
    maxTokensPerStep: c.int("--max-tokens-per-step", f.maxTokensPerStep),
    weightStreaming: f.weightStreaming,
  };
  let speculative: SpeculativeSpec | undefined;
  const method = c.oneOf("--spec-method", f.specMethod, ["draft", "ngram", "mtp"] as const);
  if (method) {
    const acceptance = c.num("--spec-acceptance", f.specAcceptance, { min: 0, max: 0.999 });
    const length = c.int("--spec-length", f.specLength);
    let draftModel;
    if (method === "draft") {
      if (!f.draftModel) c.add({ path: "--draft-model", message: "--spec-method draft needs --draft-model" });
      else {
        try {
          draftModel = loadModel(f.draftModel, "--draft-model");
        } catch (e) {
          if (e instanceof CliError) c.add(...e.issues);
          else throw e;
        }
      }
    }
    if (acceptance !== undefined && length !== undefined) speculative = { method, acceptance, length, ...(draftModel ? { draftModel } : {}) };
  }
  const basis = c.oneOf("--cost-basis", f.costBasis, ["rental", "ownership", "tco"] as const) ?? "rental";
  const price = c.num("--usd-per-chip-hour", f.usdPerChipHour, { min: 0, minExclusive: true });
  let cost: CostBasis;
  if (basis === "ownership") {
    const o: Record<string, number> = {};
    const capex = c.num("--capex-usd", f.capexUsd, { min: 0, minExclusive: true });
    const years = c.num("--years", f.years, { min: 0, minExclusive: true });
    const pue = c.num("--pue", f.pue, { min: 1 });
    const kwh = c.num("--usd-per-kwh", f.usdPerKwh, { min: 0 });
    if (capex !== undefined) o.capexUsdPerChip = capex;
    if (years !== undefined) o.years = years;
    if (pue !== undefined) o.pue = pue;
    if (kwh !== undefined) o.usdPerKwh = kwh;
    cost = { kind: "ownership", ...o };
  } else cost = price !== undefined ? { kind: basis, usdPerChipHour: price } : { kind: basis };
  if (c.issues.length || !model || batch === undefined || input === undefined || output === undefined) throw new CliError(c.issues);
  const clean = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
  return {
    ...(clean as Partial<DeploymentSpec>),
    model,
    batch,
    input,
    output,
    ...(cachedInput !== undefined ? { cachedInput } : {}),
    ...(speculative ? { speculative } : {}),
    cost,
  } as ParsedFlags;
}

/** Merge parsed flags with one hardware entry. */
export const withHardware = (p: ParsedFlags, hardware: Hardware) => ({ ...p, hardware });
