/**
 * What one chip of a deployment holds and multiplies: per layer group, the GEMMs (N×K per chip
 * and their weight bytes), the expert slice, and KV bytes per token. Computed once per deployment;
 * the step cost only scales these by token counts.
 * @module
 */
import { BYTES_PER_ELEMENT } from "../dtype.js";
import type { FfnSpec, Model } from "../model/model.js";
import { mlpParams } from "../model/params.js";
import type { Deployment } from "./deployment.js";

/** A weight GEMM per token: y[M×N] = x[M×K] · W[K×N] on one chip. */
export interface Gemm {
  readonly name: string;
  readonly n: number;
  readonly k: number;
  /** Weight bytes on this chip. */
  readonly weightBytes: number;
}

export interface ExpertSlice {
  readonly experts: number;
  readonly topK: number;
  /** Experts held by one chip (experts / ep). */
  readonly localExperts: number;
  /** Per-expert GEMM shapes on one chip (gate+up and down). */
  readonly gemms: readonly Gemm[];
  /** Bytes of one expert's slice on this chip. */
  readonly bytesPerExpert: number;
  /** Elements the activation kernel moves per token-expert slot (see {@link mlpActivationElements}). */
  readonly activationElements: number;
}

export interface LayerShard {
  readonly count: number;
  readonly window: number | null;
  /** Attention projections (QKV, O) plus dense or shared-expert MLP GEMMs. */
  readonly gemms: readonly Gemm[];
  /** Router GEMM, if MoE. */
  readonly router?: Gemm;
  readonly experts?: ExpertSlice;
  /** Elements the dense MLP's (or shared experts') activation kernel moves per token; 0 without one. */
  readonly activationElements: number;
  /** Weight bytes of one layer on one chip, all experts included. */
  readonly weightBytes: number;
}

export interface Shard {
  readonly layers: readonly LayerShard[];
  /** Query heads handled per chip (attention DP: all). */
  readonly headsPerChip: number;
  /** KV bytes per token per layer on one chip. */
  readonly kvBytesPerTokenLayerChip: number;
  /** KV bytes per token per layer, whole model (no replication). */
  readonly kvBytesPerTokenLayer: number;
  /** KV bytes per token per layer that one attention head reads (its KV head's K and V; MLA: the latent). */
  readonly kvBytesPerTokenHead: number;
  /** How many copies of each token's KV the TP group stores (MLA and KV heads < tp replicate). */
  readonly kvReplication: number;
  /** lm_head GEMM on the last stage. */
  readonly lmHead: Gemm;
  /** Embedding + lm_head bytes on the heaviest stage's chip. */
  readonly embedBytesPerChip: number;
  /** Activation element size in bytes (inter-chip messages, activations). */
  readonly actBytes: number;
  /**
   * Bytes per element of the embedding and lm_head: the weight format, but never below 16-bit —
   * quantised checkpoints keep them in bf16 (gpt-oss's `modules_to_not_convert` lists
   * `embed_tokens` and `lm_head`; FP8 and AWQ/GPTQ checkpoints quantise linear layers only).
   */
  readonly embedBytesPerElement: number;
}

/**
 * Activations (hidden states between layers, collective messages) in 16-bit, as serving engines
 * keep them even with 8- or 4-bit weights (activations are quantised per GEMM on the fly).
 */
const ACT_BYTES = 2;
/** Router (MoE gate) weights stay 16-bit in quantised checkpoints (gpt-oss: `mlp.router` in `modules_to_not_convert`). */
const ROUTER_BYTES = 2;

const gemm = (name: string, k: number, n: number, bpe: number): Gemm => ({ name, n, k, weightBytes: n * k * bpe });

/**
 * Elements the MLP activation kernel (SiLU·gate, GELU) moves per token on one chip: it reads the
 * up projection's output and writes the down projection's input — 3·I/tp for a gated MLP, 2·I/tp
 * otherwise. A separate memory-bound kernel in the engines (vLLM's silu_and_mul), in neither GEMM.
 */
function mlpActivationElements(intermediate: number, gated: boolean, tp: number): number {
  return ((gated ? 3 : 2) * intermediate) / tp;
}

/** The dense MLP's or the shared experts' activation elements per token (0 when there is neither). */
function ffnActivationElements(f: FfnSpec, tp: number): number {
  if (f.kind === "dense") return mlpActivationElements(f.intermediate, f.gated, tp);
  return f.sharedIntermediate > 0 ? mlpActivationElements(f.sharedIntermediate, f.gated, tp) : 0;
}

/** An MLP on one chip of its `tp`-way split: up (gate+up when gated) and down projections. */
function mlpGemms(name: string, h: number, intermediate: number, gated: boolean, tp: number, bpe: number): Gemm[] {
  const i = intermediate / tp;
  return [gemm(`${name}.up`, h, gated ? 2 * i : i, bpe), gemm(`${name}.down`, i, h, bpe)];
}

/** The dense MLP, or the MoE layer's shared experts (none when it has none). */
function ffnGemms(f: FfnSpec, h: number, tp: number, bpe: number): Gemm[] {
  if (f.kind === "dense") return mlpGemms("mlp", h, f.intermediate, f.gated, tp, bpe);
  return f.sharedIntermediate > 0 ? mlpGemms("shared", h, f.sharedIntermediate, f.gated, tp, bpe) : [];
}

const sumBytes = (gemms: readonly Gemm[]) => gemms.reduce((s, g) => s + g.weightBytes, 0);

export function buildShard(d: Deployment): Shard {
  const m: Model = d.model;
  const a = m.attention;
  const h = m.hidden;
  const tpA = d.attentionDp ? 1 : d.tp; // attention split
  const wb = BYTES_PER_ELEMENT[d.weightDtype];
  const eb = BYTES_PER_ELEMENT[d.expertDtype];
  const kvb = BYTES_PER_ELEMENT[d.kvDtype];
  const headsPerChip = a.numHeads / tpA;
  const kvHeadsPerChip = Math.max(1, a.numKvHeads / tpA); // GQA/MHA: replicated when tp > KV heads

  const attn: Gemm[] = [];
  if (a.kind === "mla" && a.mla) {
    const x = a.mla;
    const qk = x.qkNopeHeadDim + x.qkRopeHeadDim;
    if (x.qLoraRank === null) attn.push(gemm("attn.q", h, headsPerChip * qk, wb));
    else attn.push(gemm("attn.q_a", h, x.qLoraRank, wb), gemm("attn.q_b", x.qLoraRank, headsPerChip * qk, wb));
    attn.push(gemm("attn.kv_a", h, x.kvLoraRank + x.qkRopeHeadDim, wb));
    attn.push(gemm("attn.kv_b", x.kvLoraRank, headsPerChip * (x.qkNopeHeadDim + a.vHeadDim), wb));
    attn.push(gemm("attn.o", headsPerChip * a.vHeadDim, h, wb));
  } else {
    attn.push(gemm("attn.qkv", h, (headsPerChip + 2 * kvHeadsPerChip) * a.headDim, wb));
    attn.push(gemm("attn.o", headsPerChip * a.vHeadDim, h, wb));
  }

  // Under attention DP the dense MLPs and shared experts are replicated like attention: each rank
  // runs them on its own tokens (TensorRT-LLM builds them with overridden_tp_size=1 when
  // enable_attention_dp is set: Llama4MoE.shared_expert in _torch/models/modeling_llama.py, the
  // dense GatedMLP in modeling_qwen3.py).
  const tpF = d.attentionDp ? 1 : d.tp;
  const layers: LayerShard[] = m.layers.map((g) => {
    const gemms = [...attn, ...ffnGemms(g.ffn, h, tpF, wb)];
    const base = sumBytes(gemms); // attention + dense MLP or shared experts
    const activationElements = ffnActivationElements(g.ffn, tpF);
    if (g.ffn.kind === "dense") return { count: g.count, window: g.window, gemms, activationElements, weightBytes: base };
    const f = g.ffn;
    const moeTp = d.tp / d.ep; // each expert is tensor-split tp/ep ways
    const localExperts = f.experts / d.ep;
    const eg = mlpGemms("expert", h, f.expertIntermediate, f.gated, moeTp, eb);
    const bytesPerExpert = (mlpParams(h, f.expertIntermediate, f.gated, f.expertBias) / moeTp) * eb;
    const router = gemm("router", h, f.experts, ROUTER_BYTES);
    return {
      count: g.count,
      window: g.window,
      gemms,
      router,
      activationElements,
      experts: { experts: f.experts, topK: f.topK, localExperts, gemms: eg, bytesPerExpert, activationElements: mlpActivationElements(f.expertIntermediate, f.gated, moeTp) },
      weightBytes: base + router.weightBytes + localExperts * bytesPerExpert,
    };
  });

  const kvLayer = a.kind === "mla" && a.mla ? (a.mla.kvLoraRank + a.mla.qkRopeHeadDim) * kvb : 2 * a.numKvHeads * a.headDim * kvb;
  // Per chip per token: GQA shards KV heads (replicating when tp > kv heads); MLA's latent is replicated.
  const kvChip = d.attentionDp ? kvLayer : a.kind === "mla" ? kvLayer : 2 * kvHeadsPerChip * a.headDim * kvb;
  const kvReplication = d.attentionDp ? 1 : (kvChip * d.tp) / kvLayer;
  const ebpe = Math.max(2, wb);
  const lmHead = gemm("lm_head", h, m.vocab / d.tp, ebpe);
  const embed = (m.vocab * h * ebpe) / d.tp;
  const embedBytesPerChip = d.pp === 1 ? embed + (m.tiedEmbeddings ? 0 : lmHead.weightBytes) : Math.max(embed, lmHead.weightBytes);
  return {
    layers,
    headsPerChip,
    kvBytesPerTokenLayerChip: kvChip,
    kvBytesPerTokenLayer: kvLayer,
    kvBytesPerTokenHead: a.kind === "mla" && a.mla ? kvLayer : 2 * a.headDim * kvb,
    kvReplication,
    lmHead,
    embedBytesPerChip,
    actBytes: ACT_BYTES,
    embedBytesPerElement: ebpe,
  };
}
