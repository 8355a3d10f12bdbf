/**
 * Model architecture as the performance model needs it: attention kind (MHA, GQA, MQA, MLA),
 * dense or mixture-of-experts feed-forward, layer groups (sliding-window or chunked-attention
 * layers, interleaved MoE) and what decides parameter count. Counts stay plain numbers.
 * @module
 */
import type { Dtype } from "../dtype.js";

export interface MlaSpec {
  /** Query LoRA rank; `null` when queries are projected directly. */
  readonly qLoraRank: number | null;
  readonly kvLoraRank: number;
  readonly qkNopeHeadDim: number;
  readonly qkRopeHeadDim: number;
}

export interface AttentionSpec {
  readonly kind: "mha" | "gqa" | "mqa" | "mla";
  readonly numHeads: number;
  /** KV heads (equal to numHeads for MHA and MLA). */
  readonly numKvHeads: number;
  /** Query/key head dimension used for QK^T. */
  readonly headDim: number;
  /** Value head dimension used for PV and the output projection input. */
  readonly vHeadDim: number;
  readonly mla?: MlaSpec;
  readonly qkvBias: boolean;
  readonly oBias: boolean;
  /** Per-head RMSNorm on q and k (Qwen3). */
  readonly qkNorm: boolean;
  /** Learned attention-sink logits per head (gpt-oss). */
  readonly sinks: boolean;
}

export interface DenseFfn {
  readonly kind: "dense";
  readonly intermediate: number;
  /** Gated (SwiGLU: gate, up, down) or plain (up, down). */
  readonly gated: boolean;
  readonly bias: boolean;
}

export interface MoeFfn {
  readonly kind: "moe";
  readonly experts: number;
  readonly topK: number;
  readonly expertIntermediate: number;
  /** Always-on shared experts and their intermediate size (total across shared experts). */
  readonly sharedIntermediate: number;
  readonly gated: boolean;
  readonly expertBias: boolean;
  readonly routerBias: boolean;
  /** A sigmoid gate on the shared expert output (Qwen2-MoE): adds `hidden` parameters. */
  readonly sharedGate: boolean;
}

export type FfnSpec = DenseFfn | MoeFfn;

/** A run of identical layers. */
export interface LayerGroup {
  readonly count: number;
  /** Attention span in tokens for sliding-window or chunked layers; `null` = full context. */
  readonly window: number | null;
  readonly ffn: FfnSpec;
}

export interface PublishedParams {
  readonly totalParams: number;
  readonly activeParams?: number;
  readonly source: string;
  readonly note?: string;
}

export interface Model {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  /** Hugging Face `model_type` the architecture was read from. */
  readonly architecture: string;
  readonly hidden: number;
  readonly numLayers: number;
  readonly vocab: number;
  readonly tiedEmbeddings: boolean;
  readonly lmHeadBias: boolean;
  readonly attention: AttentionSpec;
  readonly layers: readonly LayerGroup[];
  /** Attention and MLP read the same input (GPT-J, Falcon): one TP all-reduce per layer, not two. */
  readonly parallelBlock: boolean;
  /** Norm weight vectors of size `hidden` per layer, and whether norms carry a bias. */
  readonly normsPerLayer: number;
  readonly normBias: boolean;
  readonly maxContext: number;
  /** Parameters outside the text decoder's forward pass (vision encoder, MTP heads), counted in the stored total only. */
  readonly extraParams: number;
  readonly extraParamsNote?: string;
  readonly published?: PublishedParams;
  readonly defaultWeightDtype: Dtype;
  readonly source?: string;
  /** Things the importer assumed (unknown architecture read as Llama-like, ignored fields). */
  readonly warnings?: readonly string[];
}

export const isMoe = (m: Model) => m.layers.some((g) => g.ffn.kind === "moe");
