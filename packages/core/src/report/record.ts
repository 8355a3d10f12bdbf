/**
 * The flat, snake_case record of a prediction that the CLI prints as JSON/CSV and the web app
 * tabulates. Units are in the key names (ms, bytes, J, USD). Unknown values are `null`, never NaN.
 * @module
 */
import type { OperatingPoint } from "../perf/operating-point.js";
import { uncertaintyFor } from "../perf/uncertainty.js";

export interface PredictionRecord {
  hardware: string;
  model: string;
  fits: boolean;
  reason: string | null;
  chips: number;
  tp: number;
  pp: number;
  ep: number;
  dp: number;
  batch: number;
  batching: string;
  input: number;
  output: number;
  weight_precision: string;
  kv_precision: string;
  engine: string;
  ttft_ms: number;
  ttft_ms_p10: number;
  ttft_ms_p90: number;
  tpot_ms: number;
  tpot_ms_p10: number;
  tpot_ms_p90: number;
  e2e_ms: number;
  e2e_ms_p10: number;
  e2e_ms_p90: number;
  tokens_per_s_per_user: number;
  tokens_per_s_per_user_p10: number;
  tokens_per_s_per_user_p90: number;
  output_tokens_per_s: number;
  output_tokens_per_s_p10: number;
  output_tokens_per_s_p90: number;
  /** How much calibration data backs the intervals. */
  uncertainty: string;
  output_tokens_per_s_per_chip: number;
  output_tokens_per_s_per_chip_p10: number;
  output_tokens_per_s_per_chip_p90: number;
  bottleneck: string;
  weights_bytes: number;
  weights_bytes_per_chip: number;
  kv_bytes_per_token: number;
  kv_pool_bytes: number;
  max_concurrent_sequences: number;
  pipeline_depth: number;
  energy_j_per_token: number;
  power_w_per_chip: number;
  cost_usd_per_hour: number | null;
  cost_usd_per_mtok: number | null;
  cost_basis: string;
  decode_compute_ms: number;
  decode_memory_ms: number;
  decode_communication_ms: number;
  decode_overhead_ms: number;
  prefill_bound: string;
  warnings: string[];
}

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function predictionRecord(op: OperatingPoint, input: number, output: number): PredictionRecord {
  const d = op.deployment;
  const u = uncertaintyFor(d.hardware.class);
  const ms = (s: number) => s * 1e3;
  return {
    hardware: d.hardware.id,
    model: d.model.id,
    fits: op.fits,
    reason: op.reason ?? null,
    chips: d.chips,
    tp: d.tp,
    pp: d.pp,
    ep: d.ep,
    dp: d.dp,
    batch: op.batch,
    batching: op.batching,
    input,
    output,
    weight_precision: d.weightDtype === d.expertDtype ? d.weightDtype : `${d.weightDtype}+experts:${d.expertDtype}`,
    kv_precision: d.kvDtype,
    engine: d.engine,
    ttft_ms: r4(ms(op.ttft)),
    ttft_ms_p10: r4(ms(op.ttft) * u.ttft.p10),
    ttft_ms_p90: r4(ms(op.ttft) * u.ttft.p90),
    tpot_ms: r4(ms(op.tpot)),
    tpot_ms_p10: r4(ms(op.tpot) * u.tpot.p10),
    tpot_ms_p90: r4(ms(op.tpot) * u.tpot.p90),
    e2e_ms: r4(ms(op.e2e)),
    e2e_ms_p10: r4(ms(op.e2e) * u.e2e.p10),
    e2e_ms_p90: r4(ms(op.e2e) * u.e2e.p90),
    tokens_per_s_per_user: r4(op.tokensPerSecondPerUser),
    // Speed is 1/TPOT: a slow TPOT (p90) is the slow speed (p10).
    tokens_per_s_per_user_p10: r4(op.tokensPerSecondPerUser / u.tpot.p90),
    tokens_per_s_per_user_p90: r4(op.tokensPerSecondPerUser / u.tpot.p10),
    output_tokens_per_s: r4(op.outputTokensPerSecond),
    output_tokens_per_s_p10: r4(op.outputTokensPerSecond * u.throughput.p10),
    output_tokens_per_s_p90: r4(op.outputTokensPerSecond * u.throughput.p90),
    uncertainty: u.note,
    output_tokens_per_s_per_chip: r4(op.outputTokensPerSecondPerChip),
    output_tokens_per_s_per_chip_p10: r4(op.outputTokensPerSecondPerChip * u.throughput.p10),
    output_tokens_per_s_per_chip_p90: r4(op.outputTokensPerSecondPerChip * u.throughput.p90),
    bottleneck: op.bottleneck,
    weights_bytes: Math.round(op.memory.weightsBytes),
    weights_bytes_per_chip: Math.round(op.memory.weightsPerChip),
    kv_bytes_per_token: Math.round(op.memory.kvBytesPerToken),
    kv_pool_bytes: Math.round(op.memory.kvPoolBytes),
    max_concurrent_sequences: op.memory.maxSequences,
    pipeline_depth: op.memory.pipelineDepth,
    energy_j_per_token: r4(op.energyPerToken),
    power_w_per_chip: r4(op.powerPerChip),
    cost_usd_per_hour: finite(op.costPerHour),
    cost_usd_per_mtok: finite(op.costPerMillionTokens) === null ? null : r4(op.costPerMillionTokens!),
    cost_basis: op.costBasis,
    decode_compute_ms: r4(op.decodeStep.compute * 1e3),
    decode_memory_ms: r4(op.decodeStep.memory * 1e3),
    decode_communication_ms: r4(op.decodeStep.communication * 1e3),
    decode_overhead_ms: r4(op.decodeStep.overhead * 1e3),
    prefill_bound: op.prefillStep.bound,
    warnings: [...op.warnings],
  };
}
