/**
 * Parameter counts from the architecture: per-layer attention and feed-forward weights,
 * embeddings, lm_head, norms and biases. Totals are tested against published figures (±1%).
 * @module
 */
import type { AttentionSpec, FfnSpec, Model } from "./model.js";

/** Attention weights of one layer (projections, biases, q/k norms, sinks). */
export function attentionParams(a: AttentionSpec, hidden: number): number {
  let p = 0;
  if (a.kind === "mla" && a.mla) {
    const m = a.mla;
    const qk = m.qkNopeHeadDim + m.qkRopeHeadDim;
    p += m.qLoraRank === null ? hidden * a.numHeads * qk : hidden * m.qLoraRank + m.qLoraRank + m.qLoraRank * a.numHeads * qk;
    p += hidden * (m.kvLoraRank + m.qkRopeHeadDim) + m.kvLoraRank; // kv_a_proj_with_mqa + kv_a_layernorm
    p += m.kvLoraRank * a.numHeads * (m.qkNopeHeadDim + a.vHeadDim); // kv_b_proj
    p += a.numHeads * a.vHeadDim * hidden; // o_proj
    return p;
  }
  const q = a.numHeads * a.headDim;
  const kv = a.numKvHeads * a.headDim;
  p += hidden * (q + 2 * kv) + a.numHeads * a.vHeadDim * hidden;
  if (a.qkvBias) p += q + 2 * kv;
  if (a.oBias) p += hidden;
  if (a.qkNorm) p += 2 * a.headDim;
  if (a.sinks) p += a.numHeads;
  return p;
}

/** Weights of one expert (or of a dense MLP of intermediate size `inter`). */
export function mlpParams(hidden: number, inter: number, gated: boolean, bias: boolean): number {
  const mats = gated ? 3 : 2;
  return mats * hidden * inter + (bias ? (gated ? 2 * inter : inter) + hidden : 0);
}

export interface FfnParams {
  /** All weights of the block. */
  readonly total: number;
  /** Weights a token touches (shared + top-k experts + router). */
  readonly active: number;
  /** One routed expert. */
  readonly perExpert: number;
  /** Router and shared experts (always read). */
  readonly alwaysOn: number;
}

export function ffnParams(f: FfnSpec, hidden: number): FfnParams {
  if (f.kind === "dense") {
    const p = mlpParams(hidden, f.intermediate, f.gated, f.bias);
    return { total: p, active: p, perExpert: 0, alwaysOn: p };
  }
  const perExpert = mlpParams(hidden, f.expertIntermediate, f.gated, f.expertBias);
  const router = hidden * f.experts + (f.routerBias ? f.experts : 0);
  const shared = f.sharedIntermediate > 0 ? mlpParams(hidden, f.sharedIntermediate, f.gated, false) + (f.sharedGate ? hidden : 0) : 0;
  const alwaysOn = router + shared;
  return { total: alwaysOn + f.experts * perExpert, active: alwaysOn + f.topK * perExpert, perExpert, alwaysOn };
}

export interface ParamCount {
  /** Everything the checkpoint stores for the decoder, plus `extraParams`. */
  readonly total: number;
  /** Parameters touched per token (MoE: top-k experts); equals `decoder` for dense models. */
  readonly active: number;
  /** Decoder total without `extraParams`. */
  readonly decoder: number;
  readonly embedding: number;
  readonly lmHead: number;
}

export function countParams(m: Model): ParamCount {
  const embedding = m.vocab * m.hidden;
  const lmHead = m.tiedEmbeddings ? 0 : m.vocab * m.hidden + (m.lmHeadBias ? m.vocab : 0);
  const norm = m.hidden * (m.normBias ? 2 : 1);
  const attn = attentionParams(m.attention, m.hidden);
  let total = embedding + lmHead + norm;
  let active = total;
  for (const g of m.layers) {
    const f = ffnParams(g.ffn, m.hidden);
    const layer = attn + m.normsPerLayer * norm;
    total += g.count * (layer + f.total);
    active += g.count * (layer + f.active);
  }
  return { total: total + m.extraParams, active, decoder: total, embedding, lmHead };
}
