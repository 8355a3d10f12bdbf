/**
 * From a measurement row to what infersim must predict: the deployment (resolved names,
 * parallelism, engine limits read from the notes) and the workload (static batch, max-load
 * offline, closed-loop concurrency, or an open request rate). Rows that cannot be modelled get
 * a reason. Nothing here reads the measured `value`.
 * @module
 */
import { engineOf, type Engine } from "../perf/efficiency.js";
import { isSram } from "../hardware/hardware.js";
import { isMoe, type Model } from "../model/model.js";
import { countParams } from "../model/params.js";
import { BYTES_PER_ELEMENT } from "../dtype.js";
import type { Hardware } from "../hardware/hardware.js";
import { DEPLOYMENT_DEFAULTS, defaultKvDtype, type DeploymentSpec } from "../perf/deployment.js";
import { sourceGroup, type MeasurementRow } from "./measurements.js";
import { resolveHardwareName, resolveModelName, resolvePrecisionName } from "./names.js";
import { lognormalFromMeanAndMax, type Dist } from "../workload/distributions.js";
import { formatInt } from "../format.js";

export type RowWorkload =
  /** One batch prefilled together, then decoded together (static-batch benchmarks). */
  | { readonly kind: "static"; readonly batch: number; readonly input: number; readonly output: number }
  /** `batch` requests in flight, each replaced when done (continuous batching; `max` = as many as fit). */
  | { readonly kind: "closed"; readonly batch: number | "max"; readonly input: number; readonly output: number; readonly requests?: number }
  /** An open arrival process at `rate` requests/s (all replicas together): `requests` of them when the notes state a count, else a long run. */
  | { readonly kind: "rate"; readonly rate: number; readonly input: number; readonly output: number; readonly requests?: number; readonly lengths?: DatasetLengths }
  /** `requests` arriving at once (infinite rate); mean latencies over the burst. */
  | { readonly kind: "burst"; readonly requests: number; readonly input: number; readonly output: number; readonly lengths?: DatasetLengths };

/** A dataset's prompt and output lengths, drawn per request (independently); `input`/`output` are their means. */
export interface DatasetLengths {
  readonly input: Dist;
  readonly output: Dist;
}

/**
 * How chips are laid out: as given, replicas of the most efficient TP, the fewest chips that fit
 * (SRAM machines), or one node of the vendor's system, more when the model needs it (other
 * machines: the unit a vendor's service runs on, as `compare` and the claims lay them out).
 */
export type RowLayout = { readonly kind: "given" } | { readonly kind: "replicas"; readonly chips: number } | { readonly kind: "min" } | { readonly kind: "node" };

export interface RowPlan {
  readonly row: MeasurementRow;
  /** Deployment spec (chips and parallelism per `layout`). */
  readonly spec: DeploymentSpec;
  readonly layout: RowLayout;
  readonly workload: RowWorkload;
  readonly engine: Engine;
  /** Assumptions the plan had to make, in words. */
  readonly assumptions: readonly string[];
}

export type Planned = { readonly ok: true; readonly plan: RowPlan } | { readonly ok: false; readonly reason: string };

/** Dataset mean input lengths for benchmarks whose rows give none (estimates, stated as such). */
const DATASET_INPUT: readonly [RegExp, number, string][] = [
  // The Mixtral mix names OpenOrca too: tested first.
  [/mixtral/i, 300, "MLPerf Mixtral mix (OpenOrca, GSM8K, MBXP): mean input ≈ 300 tokens assumed (estimate)"],
  [/llama2-70b|OpenOrca/i, 300, "OpenOrca prompts (≤ 1,024 tokens): mean input ≈ 300 tokens assumed (estimate)"],
];

/**
 * Runs whose decode attention gives each sequence and head one thread block (no split along the
 * sequence), with the evidence. Argonne's TensorRT-LLM scripts on A100 and H100 pin TensorRT-LLM
 * 0.11.0 and ship a utils.py in which `--multi_block_mode` is an opt-in flag (`store_true`) that
 * their commands do not pass; their GH200 runs use TensorRT-LLM 0.12.0's own examples instead.
 */
const SERIAL_DECODE_ATTENTION: readonly { readonly applies: (row: MeasurementRow, hw: Hardware) => boolean; readonly note: string }[] = [
  {
    applies: (row, hw) => sourceGroup(row.id) === "Argonne" && row.framework === "TensorRT-LLM (2024)" && /^(a100|h100)-/.test(hw.id),
    note: "decode attention without multi-block mode (TensorRT-LLM 0.11; the flag is opt-in and not passed: github argonne-lcf/LLM-Inference-Bench, TensorRT-LLM/H100/requirements.txt and utils.py)",
  },
];

/**
 * Engines whose token budget per forward pass is fixed below a whole batched prefill: DeepSpeed-MII
 * (FastGen) packs at most `max_ragged_batch_size` = 768 tokens into one ragged batch by default
 * (DeepSpeed `DSStateManagerConfig`, deepspeed/inference/v2/ragged/manager_configs.py), so a batch
 * of long prompts is prefilled in chunks (Dynamic SplitFuse).
 */
const ENGINE_TOKEN_BUDGET: readonly [RegExp, number, string][] = [
  [/deepspeed-mii/i, 768, "DeepSpeed-MII prefills at most 768 tokens per step (FastGen's default max_ragged_batch_size)"],
];

/**
 * Rows whose stated lengths are the means of a dataset, not fixed lengths, with the evidence.
 * TensorRT-LLM's online table (v0.14, Triton backend, 500 requests) gives "202/214" next to
 * synthetic 467/256 and 467/16 rows. vLLM's benchmark_serving, forked by Modular for MAX, samples
 * 500 ShareGPT prompts (seed 0) with the Llama-3.1 tokenizer to 100,895 prompt and 106,511 output
 * tokens (means 201.8 and 213.0, one output token from the table's), the longest 933 and 806
 * (github modular/modular, benchmark/README.md): that the table used this sampler is an inference.
 * The table's rows behave so: a burst of them ends at 16 req/s on 70B like 467/256, with a burst
 * mean ITL of 50 ms against 85, as when most requests end early and a few long ones finish the
 * run. Lengths are lognormal with the row's means and the published longest-of-500 (an estimate
 * of the shape), drawn independently and clamped to [4, 1,024] for prompts and [4, 2,044] for
 * outputs: an approximation of the sampler's filter (vLLM benchmark_serving.py,
 * sample_sharegpt_requests: at least 4 tokens each, prompts ≤ 1,024, prompt + output ≤ 2,048),
 * which drops such pairs rather than clamping them.
 */
const DATASET_LENGTHS: readonly { readonly applies: (row: MeasurementRow) => boolean; readonly lengths: DatasetLengths; readonly note: string }[] = [
  {
    applies: (row) => sourceGroup(row.id) === "TRT-v0.14-online" && row.input === 202 && row.output === 214,
    lengths: { input: lognormalFromMeanAndMax(202, 933, 500, [4, 1024])!, output: lognormalFromMeanAndMax(214, 806, 500, [4, 2048 - 4])! },
    note: "202/214 read as the mean lengths of 500 ShareGPT prompts as vLLM's benchmark samples them (Llama-3.1 tokenizer: 201.8/213.0, longest 933/806; github modular/modular benchmark/README.md; an inference): lengths drawn per request, lognormal (shape estimated)",
  },
];

interface SubmissionConfig {
  readonly results: string;
  readonly tp?: number;
  readonly maxBatch: { readonly offline: number; readonly server: number };
  /** Where the values come from, in words. */
  readonly source: string;
}
/** A submitter's configs for one system and benchmark: TP (when they set it) and the batch per scenario; `source` when more than its config file says. */
const submitted = (submitter: string, system: string, benchmark: string, tp: number | undefined, offline: number, server: number, file: string, source?: string): SubmissionConfig => ({
  results: `closed/${submitter}/results/${system}/${benchmark}`,
  ...(tp !== undefined ? { tp } : {}),
  maxBatch: { offline, server },
  source: source ?? `${submitter}'s configs (closed/${submitter}/configs/${benchmark}/{Offline,Server}/${file})`,
});
/**
 * Engine settings MLPerf Inference v4.1 submitters published for runs whose rows do not state
 * them: tensor parallelism and the max batch per engine instance (`gpu_batch_size`), per
 * scenario. Read from github mlcommons/inference_results_v4.1, closed/<submitter>/configs/<benchmark>/
 * <Offline|Server>/__init__.py or custom.py (the class registered for the system, with the
 * values it inherits from the file's base class). Keyed by the result directory the row cites.
 */
const SUBMISSION_CONFIGS: readonly SubmissionConfig[] = [
  submitted("HPE", "HPE_ProLiant_DL380a_H100_NVL_94GBx4_TRT", "llama2-70b", 2, 1300, 1024, "custom.py"),
  submitted("Lenovo", "SR675_V3_8xH100_NVL_TRT", "llama2-70b", 1, 1300, 640, "__init__.py"),
  submitted("Dell", "XE8640_H100_SXM_80GBx4_TRT", "llama2-70b", 2, 896, 1024, "custom.py"),
  submitted("Dell", "XE8640_H100_SXM_80GBx4_TRT", "mixtral-8x7b", 1, 896, 896, "custom.py"),
  submitted("Fujitsu", "CDI_L40Sx8_TRT", "llama2-70b", 4, 1024, 1024, "custom.py"),
  // The configs read set no TP (the file with their base class was not found): the batch only.
  submitted("ASUSTeK", "ESC8000A_E12_H100x8_TRT", "llama2-70b", undefined, 896, 896, "custom.py"),
  // Juniper's configs hold no class for these systems: the GPU rank maps of its run scripts pair
  // the GPUs (TP 2), and the batch is that of the H100 TP 2 classes in its configs (an inference).
  ...["16", "32"].map((n) =>
    submitted("JuniperNetworks", `DGX-H100_H100-SXM-80GBx${n}_TRT`, "llama2-70b", 2, 896, 1024, "__init__.py",
      `Juniper's run script (GPUs in pairs: closed/JuniperNetworks/llama_configs/config_h100x${n}.sh) and the H100 TP 2 classes of its configs (closed/JuniperNetworks/configs/llama2-70b/{Offline,Server}/__init__.py; an inference: no class names this system)`,
    ),
  ),
];

/** Requests in a burst whose notes give no count (estimate: the TensorRT-LLM online tables, the bursts in the data, send 500). */
const DEFAULT_BURST_REQUESTS = 500;
/** Lengths assumed for vendor per-user speed figures that state none. */
const VENDOR_LENGTHS = { input: 1000, output: 500, note: "prompt/output lengths not stated: 1,000 in / 500 out assumed (per-user decode speed depends weakly on them)" } as const;

/**
 * Engine batch caps when the notes give none: trtllm-bench engines up to 4,096 (TRT-LLM
 * perf-overview notes); vLLM max_num_seqs default 256. SGLang 1,024, vendor stacks 256 and the
 * generic engine 512 are estimates, not sourced defaults.
 */
const ENGINE_MAX_BATCH: Readonly<Record<Engine, number>> = { trtllm: 4096, "trtllm-engine": 4096, vllm: 256, sglang: 1024, vendor: 256, generic: 512 };

/**
 * The engine limits trtllm-bench chooses when a row states none, reproduced from its heuristic
 * (NVIDIA/TensorRT-LLM tensorrt_llm/bench/build/tuning.py, calc_engine_setting and
 * finetune_setting): the requests whose ISL + OSL fit in 95% of the memory the weights leave,
 * capped at 4,096 and divided over the pipeline stages, rounded up; max_num_tokens = that batch ×
 * (1 + ISL/OSL), capped at 32,768 and rounded up. Its own estimates of engine size (parameters ×
 * bytes per weight) and KV bytes per token (2 · layers · max(tp, KV heads) · head dim · bytes) are
 * kept as it computes them. None for MLA models (it reads their KV shape differently).
 */
export function trtllmBenchSettings(
  model: Model,
  hw: Hardware,
  run: { readonly weightBytes: number; readonly kvBytes: number; readonly tp: number; readonly pp: number; readonly input: number; readonly output: number },
): { maxBatch: number; maxTokensPerStep: number } | undefined {
  const { weightBytes, kvBytes, tp, pp, input, output } = run;
  const a = model.attention;
  if (a.kind === "mla" || !hw.memory) return undefined;
  const gpus = tp * pp;
  const available = hw.memory.capacity * gpus - countParams(model).total * weightBytes;
  const perToken = 2 * model.numLayers * Math.max(tp, a.numKvHeads) * a.headDim * kvBytes;
  const requests = (available * 0.95) / (perToken * (input + output));
  if (!(requests >= 1)) return undefined;
  const rawBs = Math.min(requests, 4096) / pp;
  const rawTok = Math.min(rawBs * (1 + input / output), 32768);
  const maxBatch = rawBs < 256 ? Math.max(64, 32 * Math.ceil(rawBs / 32)) : rawBs < 1024 ? 128 * Math.ceil(rawBs / 128) : 256 * Math.ceil(rawBs / 256);
  const maxTokensPerStep = rawTok < 4096 ? Math.max(2048, 256 * Math.ceil(rawTok / 256)) : rawTok < 8192 ? 512 * Math.ceil(rawTok / 512) : 1024 * Math.ceil(rawTok / 1024);
  return { maxBatch, maxTokensPerStep };
}

/**
 * Requests per run of the TensorRT-LLM performance tables by ISL/OSL (perf-overview.md,
 * "Reproducing Benchmarked Results": `$num_requests`, the same from v0.14 to v1.0). A max-load run
 * never has more requests in flight than it sends.
 */
const TRTLLM_BENCH_REQUESTS: Readonly<Record<string, number>> = {
  "128/128": 30000, "128/2048": 3000, "128/4096": 1500, "1000/2000": 1500, "2048/128": 3000,
  "2048/2048": 1500, "5000/500": 1500, "1000/1000": 3000, "500/2000": 3000, "20000/2000": 1000,
};

const num = (notes: string, key: string): number | undefined => {
  const m = new RegExp(`${key}\\s*=\\s*([0-9.]+|inf)`, "i").exec(notes);
  if (!m) return undefined;
  return m[1]!.toLowerCase() === "inf" ? Infinity : Number(m[1]);
};

/** "completed 39.25 samples/s" in MLPerf latency rows: the load the latency was measured under. */
function completedRate(notes: string): number | undefined {
  const m = /completed\s+([0-9.]+)\s+samples\/s/i.exec(notes);
  return m ? Number(m[1]) : undefined;
}

/**
 * Plan a row. `siblings` are rows of the same experiment (same source, hardware, chips, model,
 * precision and scenario): a latency row that omits the load it was measured at borrows it from
 * their notes (never their values).
 */
export function planRow(row: MeasurementRow, siblings: readonly MeasurementRow[] = []): Planned {
  const assumptions: string[] = [];
  const hwName = resolveHardwareName(row.hardware);
  if (!hwName) return { ok: false, reason: `hardware ${JSON.stringify(row.hardware)} is not in the catalog` };
  if (hwName.assumption) assumptions.push(hwName.assumption);
  const model = resolveModelName(row.model);
  if (!model) return { ok: false, reason: `model ${JSON.stringify(row.model)} is not in the catalog` };
  const prec = resolvePrecisionName(row.precision, model);
  if (!prec) return { ok: false, reason: `precision ${JSON.stringify(row.precision)} is not a known format` };
  if (prec.assumption) assumptions.push(prec.assumption);
  const hw = hwName.hardware;
  const engine = engineOf(row.framework);
  const notes = row.notes;
  const isStatic = /static batch|gptSessionBenchmark|benchmark_latency|single static batch/i.test(notes) || (row.scenario === "single-stream" && row.metric !== "output_tokens_per_s_total");

  // ---- lengths ----
  let input = row.input;
  // MLPerf gives the measured mean output per sample (e.g. 291.2): modelled as that fixed length.
  let output = row.output !== undefined ? Math.max(1, Math.round(row.output)) : undefined;
  if (input === undefined) {
    const ds = DATASET_INPUT.find(([re]) => re.test(notes) || re.test(row.model));
    if (ds && /MLPerf/i.test(row.id + notes)) {
      input = ds[1];
      assumptions.push(ds[2]);
    }
  }
  if (input === undefined || output === undefined) {
    if (row.metric === "tokens_per_s_per_user" && row.scenario === "single-stream") {
      input ??= VENDOR_LENGTHS.input;
      output ??= VENDOR_LENGTHS.output;
      assumptions.push(VENDOR_LENGTHS.note);
    } else {
      return { ok: false, reason: `${input === undefined ? "prompt" : "output"} length not stated: ${row.metric} depends on it` };
    }
  }

  // ---- chips and parallelism ----
  const submission = SUBMISSION_CONFIGS.find((c) => row.source.includes(c.results));
  const fromSubmission: string[] = [];
  const units = row.numChips;
  const chips = units !== undefined ? units * hwName.chipsPerUnit : undefined;
  const isMoeRow = /MoE/.test(notes) || isMoe(model);
  const spec: Record<string, unknown> = { hardware: hw, model, weightDtype: prec.dtype, engine };
  let layout: RowLayout = { kind: "given" };
  if (chips !== undefined) {
    const tp = row.tp ?? submission?.tp;
    const pp = row.pp ?? 1;
    if (row.tp === undefined && tp !== undefined) fromSubmission.push(`TP ${tp}`);
    if (tp !== undefined) {
      const perReplica = tp * pp;
      if (chips % perReplica !== 0) return { ok: false, reason: `num_chips ${chips} is not a multiple of tp × pp = ${perReplica}${fromSubmission.length ? ` (TP from ${submission!.source})` : ""}` };
      Object.assign(spec, { tp, pp, dp: chips / perReplica });
      // TensorRT-LLM's PyTorch-backend benchmark commands pass --ep and enable_attention_dp for MoE models.
      const dep = /EP size not stated.*enable_attention_dp|DEP\d/i.test(notes) || (engine === "trtllm" && !/no EP/i.test(notes));
      if (isMoeRow && row.ep !== undefined) spec.ep = row.ep;
      else if (isMoeRow && dep && tp > 1) {
        Object.assign(spec, { ep: tp, attentionDp: true });
        assumptions.push(`MoE: expert parallel ${tp} with attention data-parallel assumed (the command passes --ep and enable_attention_dp)`);
      }
    } else if (isSram(hw)) {
      spec.chips = chips;
    } else {
      // Parallelism not stated: replicas of the TP size with the best throughput per chip, as tuned submissions run.
      layout = { kind: "replicas", chips };
      assumptions.push("TP not stated: replicas of the tensor-parallel size with the most throughput per chip assumed");
    }
  } else if (isSram(hw)) {
    layout = { kind: "min" };
    assumptions.push("chip count not stated: the fewest chips that hold weights and KV assumed");
  } else {
    layout = { kind: "node" };
    assumptions.push(`chip count not stated: one ${hw.chipsPerNode}-chip node (the unit a service runs on), or the fewest chips that hold weights and KV when more, assumed`);
  }

  // ---- engine limits from the notes, or as trtllm-bench would choose them ----
  const noted = num(notes, "max_batch_per_engine_instance") ?? num(notes, "max_num_seqs");
  const submittedBatch = row.scenario === "offline" || row.scenario === "server" ? submission?.maxBatch[row.scenario] : undefined;
  if (noted === undefined && submittedBatch !== undefined) fromSubmission.push(`max batch ${formatInt(submittedBatch)}`);
  if (fromSubmission.length) assumptions.push(`${fromSubmission.join(", ")}, as in ${submission!.source}`);
  const stated = noted ?? submittedBatch;
  const isBench = /trtllm-bench/i.test(notes);
  const weightDtype = prec.dtype ?? model.defaultWeightDtype;
  const bench =
    stated === undefined && isBench && row.tp !== undefined
      ? trtllmBenchSettings(model, hw, { weightBytes: BYTES_PER_ELEMENT[weightDtype], kvBytes: BYTES_PER_ELEMENT[defaultKvDtype(weightDtype, hw)], tp: row.tp, pp: row.pp ?? 1, input, output })
      : undefined;
  const maxBatch = stated ?? bench?.maxBatch ?? ENGINE_MAX_BATCH[engine];
  spec.maxBatch = Math.max(1, Math.round(maxBatch));
  if (bench) {
    spec.maxTokensPerStep = bench.maxTokensPerStep;
    assumptions.push(`engine limits as trtllm-bench sets them: max batch ${bench.maxBatch}, max tokens ${bench.maxTokensPerStep}`);
  }
  if (engine === "trtllm" || engine === "trtllm-engine") spec.memoryUtilization = 0.95; // kv_cache_free_gpu_mem_fraction 0.9-0.95 (perf-overview notes)
  const serial = SERIAL_DECODE_ATTENTION.find((r) => r.applies(row, hw));
  if (serial) {
    spec.decodeAttention = "serial";
    assumptions.push(serial.note);
  }

  // ---- workload ----
  let workload: RowWorkload;
  // The load a latency was measured at: the offered rate, or (MLPerf latency rows) the completed rate.
  const loadOf = (n: string) => num(n, "request_rate_qps") ?? num(n, "target_qps") ?? completedRate(n);
  let rate = loadOf(notes);
  // A stated request count ("500 requests"): an online benchmark of that many requests, all measured.
  const requestsMatch = /(\d+) requests/.exec(notes);
  const statedRequests = requestsMatch ? Number(requestsMatch[1]) : undefined;
  if (rate === undefined && row.scenario === "server") {
    for (const s of siblings) {
      rate = loadOf(s.notes);
      if (rate !== undefined) {
        assumptions.push(`load taken from ${s.id}'s notes (same experiment)`);
        break;
      }
    }
  }
  const budget = ENGINE_TOKEN_BUDGET.find(([re]) => re.test(row.framework));
  if (budget) {
    spec.maxTokensPerStep = budget[1];
    assumptions.push(budget[2]);
  }
  if (isStatic) {
    const batch = row.batch ?? 1;
    workload = { kind: "static", batch, input, output };
    // One batched prefill pass, unless the engine caps the tokens of a pass.
    if (!budget) spec.maxTokensPerStep = Math.max(DEPLOYMENT_DEFAULTS.maxTokensPerStep, batch * Math.max(1, input));
    spec.maxBatch = Math.max(batch, spec.maxBatch as number);
  } else if (row.scenario === "server" && rate !== undefined && (Number.isFinite(rate) || rate === Infinity)) {
    const dataset = DATASET_LENGTHS.find((r) => r.applies(row));
    if (dataset) assumptions.push(dataset.note);
    const drawn = dataset ? { lengths: dataset.lengths } : {};
    if (Number.isFinite(rate)) {
      workload = { kind: "rate", rate, input, output, ...(statedRequests !== undefined ? { requests: statedRequests } : {}), ...drawn };
    } else {
      workload = { kind: "burst", requests: statedRequests ?? DEFAULT_BURST_REQUESTS, input, output, ...drawn };
      if (statedRequests === undefined) assumptions.push(`burst size not stated: ${DEFAULT_BURST_REQUESTS} requests assumed`);
    }
  } else if (row.batch !== undefined) {
    workload = { kind: "closed", batch: row.batch, input, output };
  } else if (row.scenario === "offline") {
    const requests = isBench ? TRTLLM_BENCH_REQUESTS[`${input}/${output}`] : undefined;
    workload = { kind: "closed", batch: "max", input, output, ...(requests ? { requests } : {}) };
    if (requests) assumptions.push(`${requests} requests, as the TensorRT-LLM tables send for ${input}/${output}: at most that many in flight`);
  } else {
    return { ok: false, reason: `scenario ${row.scenario} without a batch, concurrency or request rate` };
  }
  return { ok: true, plan: { row, spec: spec as unknown as DeploymentSpec, layout, workload, engine, assumptions } };
}
