/**
 * Import a Hugging Face `config.json`: Llama (1–3), Llama-4 (text config), Mistral, Mixtral,
 * Qwen2/Qwen2-MoE, Qwen3/Qwen3-MoE, DeepseekV2/V3 (MLA + MoE), GptOss, Falcon (incl. the new
 * decoder architecture), GPT-J. Other `model_type`s with Llama-style fields import with a warning.
 * Every missing or bad field is reported with its path.
 * @module
 */
import { atPath, fail, issue, ok, type Issue, type Result } from "../errors.js";
import { parseDtype, type Dtype } from "../dtype.js";
import type { AttentionSpec, DenseFfn, FfnSpec, LayerGroup, Model, MoeFfn } from "./model.js";

type Json = Record<string, unknown>;

export interface ModelMeta {
  readonly id: string;
  readonly name?: string;
  readonly aliases?: readonly string[];
  readonly published?: Model["published"];
  readonly defaultWeightDtype?: Dtype;
  readonly source?: string;
  /** Parameters outside the decoder (e.g. a vision encoder), when known. */
  readonly extraParams?: number;
  readonly extraParamsNote?: string;
}

const KNOWN = new Set([
  "llama", "llama4", "llama4_text", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe",
  "deepseek_v2", "deepseek_v3", "gpt_oss", "falcon", "RefinedWeb", "RefinedWebModel", "gptj",
]);

class Reader {
  readonly issues: Issue[] = [];
  constructor(readonly cfg: Json, readonly prefix: string) {}
  #path(k: string) {
    return atPath(this.prefix, k);
  }
  has(k: string) {
    return this.cfg[k] !== undefined && this.cfg[k] !== null;
  }
  /** First present key among `keys`, as a positive integer. */
  int(keys: string | readonly string[], fallback?: number): number {
    const ks = typeof keys === "string" ? [keys] : keys;
    for (const k of ks) {
      const v = this.cfg[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
        this.issues.push(issue(this.#path(k), `must be a positive integer, got ${JSON.stringify(v)}`));
        return fallback ?? 1;
      }
      return v;
    }
    if (fallback !== undefined) return fallback;
    this.issues.push(issue(this.#path(ks[0] ?? "?"), `is required for this architecture${ks.length > 1 ? ` (or ${ks.slice(1).join(", ")})` : ""}`));
    return 1;
  }
  /** A non-negative integer (0 allowed), or `fallback` when absent. */
  count(k: string, fallback: number): number {
    const v = this.cfg[k];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      this.issues.push(issue(this.#path(k), `must be a non-negative integer, got ${JSON.stringify(v)}`));
      return fallback;
    }
    return v;
  }
  optInt(k: string): number | null {
    const v = this.cfg[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      this.issues.push(issue(this.#path(k), `must be a positive integer or null, got ${JSON.stringify(v)}`));
      return null;
    }
    return v;
  }
  bool(k: string, fallback: boolean): boolean {
    const v = this.cfg[k];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "boolean") {
      this.issues.push(issue(this.#path(k), `must be true or false, got ${JSON.stringify(v)}`));
      return fallback;
    }
    return v;
  }
  str(k: string): string | undefined {
    const v = this.cfg[k];
    return typeof v === "string" ? v : undefined;
  }
  arr(k: string): unknown[] | undefined {
    const v = this.cfg[k];
    return Array.isArray(v) ? v : undefined;
  }
}

/**
 * Compress per-layer specs into groups of identical layers, in order of first appearance.
 * Identical layers group together even when not adjacent: order does not matter to cost or size.
 */
function groupLayers(per: { window: number | null; ffn: FfnSpec }[]): LayerGroup[] {
  const groups = new Map<string, { count: number; window: number | null; ffn: FfnSpec }>();
  for (const l of per) {
    const key = `${l.window}|${JSON.stringify(l.ffn)}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { count: 1, window: l.window, ffn: l.ffn });
  }
  return [...groups.values()];
}

function weightDtypeOf(cfg: Json): Dtype | undefined {
  const q = cfg.quantization_config as Json | undefined;
  if (q && typeof q === "object") {
    const method = String(q.quant_method ?? "").toLowerCase();
    if (method === "mxfp4") return "mxfp4";
    if (method === "fp8") return "fp8";
    if (method === "awq" || method === "gptq") return "int4";
  }
  const td = cfg.torch_dtype ?? cfg.dtype;
  return typeof td === "string" ? parseDtype(td) : undefined;
}

/**
 * Build a {@link Model} from a decoded `config.json`. `path` prefixes issue paths (e.g. a file name).
 */
export function importHfConfig(raw: unknown, meta: ModelMeta, path = "config"): Result<Model> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return fail(issue(path, "config.json must be a JSON object"));
  const top = raw as Json;
  const warnings: string[] = [];
  let cfg = top;
  let prefix = path;
  // Multimodal wrappers (Llama-4) keep the decoder in text_config.
  if (top.text_config && typeof top.text_config === "object") {
    cfg = top.text_config as Json;
    prefix = `${path}.text_config`;
  }
  const r = new Reader(cfg, prefix);
  const modelType = String(cfg.model_type ?? top.model_type ?? "");
  if (!modelType) return fail(issue(`${path}.model_type`, "is required to know the architecture"));
  if (!KNOWN.has(modelType)) warnings.push(`model_type ${JSON.stringify(modelType)} is not one infersim knows; read as a Llama-style decoder`);

  const isFalcon = modelType === "falcon" || modelType === "RefinedWeb" || modelType === "RefinedWebModel";
  const isGptj = modelType === "gptj";
  const hidden = r.int(isGptj ? ["n_embd", "hidden_size"] : ["hidden_size", "n_embd", "d_model"]);
  const numLayers = r.int(isGptj ? ["n_layer", "num_hidden_layers"] : ["num_hidden_layers", "n_layer", "num_layers"]);
  const numHeads = r.int(isGptj ? ["n_head", "num_attention_heads"] : ["num_attention_heads", "n_head"]);
  const vocab = r.int(["vocab_size"]);
  const maxContext = r.int(["max_position_embeddings", "n_positions", "seq_length", "max_seq_len"], 2048);

  // ---- attention ----
  let attention: AttentionSpec;
  const isMla = r.has("kv_lora_rank");
  if (isMla) {
    const qkNope = r.int("qk_nope_head_dim");
    const qkRope = r.int("qk_rope_head_dim");
    const v = r.int("v_head_dim");
    attention = {
      kind: "mla",
      numHeads,
      numKvHeads: numHeads,
      headDim: qkNope + qkRope,
      vHeadDim: v,
      mla: { qLoraRank: r.optInt("q_lora_rank"), kvLoraRank: r.int("kv_lora_rank"), qkNopeHeadDim: qkNope, qkRopeHeadDim: qkRope },
      qkvBias: false,
      oBias: false,
      qkNorm: false,
      sinks: false,
    };
  } else {
    let numKv: number;
    if (isFalcon) {
      const newArch = r.bool("new_decoder_architecture", false);
      numKv = newArch ? r.int(["num_kv_heads", "n_head_kv"], numHeads) : r.bool("multi_query", true) ? 1 : numHeads;
    } else {
      numKv = r.int(["num_key_value_heads", "num_kv_heads", "n_head_kv"], numHeads);
    }
    if (numHeads % numKv !== 0) r.issues.push(issue(`${prefix}.num_key_value_heads`, `must divide num_attention_heads (${numHeads}), got ${numKv}`));
    const headDim = r.int(["head_dim"], Math.floor(hidden / numHeads));
    const isQwen2 = modelType === "qwen2" || modelType === "qwen2_moe";
    const isGptOss = modelType === "gpt_oss";
    const bias = isFalcon ? r.bool("bias", false) : r.bool("attention_bias", isQwen2 || isGptOss);
    attention = {
      kind: numKv === numHeads ? "mha" : numKv === 1 ? "mqa" : "gqa",
      numHeads,
      numKvHeads: numKv,
      headDim,
      vHeadDim: headDim,
      qkvBias: bias,
      oBias: isQwen2 ? false : bias,
      qkNorm: modelType.startsWith("qwen3"),
      sinks: isGptOss,
    };
  }

  // ---- feed-forward ----
  const gated = !(isFalcon || isGptj);
  const dense = (inter: number): DenseFfn => ({ kind: "dense", intermediate: inter, gated, bias: isGptj || (isFalcon && r.bool("bias", false)) || r.bool("mlp_bias", false) });
  const denseInter = isGptj ? r.int(["n_inner"], 4 * hidden) : isFalcon ? r.int(["ffn_hidden_size"], 4 * hidden) : r.int(["intermediate_size", "ffn_hidden_size"]);

  const numExperts = r.has("n_routed_experts")
    ? r.int("n_routed_experts")
    : r.has("num_local_experts")
      ? r.int("num_local_experts")
      : r.has("num_experts")
        ? r.int("num_experts")
        : 0;
  let moe: MoeFfn | null = null;
  if (numExperts > 1) {
    const topK = r.int(["num_experts_per_tok", "moe_topk", "top_k"]);
    const expertInter = r.int(["moe_intermediate_size", "intermediate_size"]);
    let shared = 0;
    let sharedGate = false;
    if (r.has("n_shared_experts")) shared = r.count("n_shared_experts", 0) * expertInter;
    else if (r.has("shared_expert_intermediate_size")) {
      shared = r.count("shared_expert_intermediate_size", 0);
      sharedGate = shared > 0;
    } else if (modelType.startsWith("llama4")) shared = expertInter; // one shared expert per MoE layer
    moe = {
      kind: "moe",
      experts: numExperts,
      topK,
      expertIntermediate: expertInter,
      sharedIntermediate: shared,
      gated,
      expertBias: modelType === "gpt_oss",
      routerBias: modelType === "gpt_oss",
      sharedGate,
    };
  }

  // Which layers are MoE. The placement fields are read (and a bad one reported) once, not per layer.
  const isLlama4 = modelType.startsWith("llama4");
  const firstDense = moe ? r.count("first_k_dense_replace", 0) : 0; // 0: no leading dense layers
  const moeFreq = moe && r.has("moe_layer_freq") ? r.int("moe_layer_freq") : 1;
  const sparseStep = moe && r.has("decoder_sparse_step") ? r.int("decoder_sparse_step") : 1;
  const mlpOnly = r.arr("mlp_only_layers");
  const moeLayers = isLlama4 ? r.arr("moe_layers") : undefined;
  const interleave = moe && isLlama4 && !moeLayers ? r.int("interleave_moe_layer_step", 1) : 1;
  const isMoeLayer = (i: number): boolean => {
    if (!moe) return false;
    if (i < firstDense || i % moeFreq !== 0 || mlpOnly?.includes(i) || (i + 1) % sparseStep !== 0) return false;
    if (moeLayers) return moeLayers.includes(i);
    return (i + 1) % interleave === 0;
  };
  const denseInterForMoeModel = isLlama4 ? r.int(["intermediate_size_mlp", "intermediate_size"]) : denseInter;

  // Which layers use a local window.
  const layerTypes = r.arr("layer_types");
  const slidingWindow = r.optInt("sliding_window");
  const useSliding = r.bool("use_sliding_window", !modelType.startsWith("qwen"));
  const chunk = modelType.startsWith("llama4") ? r.optInt("attention_chunk_size") : null;
  const noRope = modelType.startsWith("llama4") ? r.arr("no_rope_layers") : undefined;
  const windowOf = (i: number): number | null => {
    if (layerTypes) {
      const t = String(layerTypes[i] ?? "");
      return t.includes("sliding") && slidingWindow ? slidingWindow : null;
    }
    if (chunk) {
      // Llama-4: RoPE layers use chunked local attention; every 4th (NoPE) layer is global.
      // no_rope_layers[i] = 1 means RoPE (chunked); absent or empty means every 4th layer is NoPE.
      const isGlobal = noRope && noRope.length === numLayers ? noRope[i] === 0 : (i + 1) % 4 === 0;
      return isGlobal ? null : chunk;
    }
    if (slidingWindow && useSliding && modelType !== "gpt_oss") return slidingWindow;
    return null;
  };
  if (layerTypes && layerTypes.length !== numLayers) r.issues.push(issue(`${prefix}.layer_types`, `must list ${numLayers} layers, got ${layerTypes.length}`));

  const per = Array.from({ length: numLayers }, (_, i) => ({ window: windowOf(i), ffn: moe && isMoeLayer(i) ? moe : dense(moe ? denseInterForMoeModel : denseInter) }));

  if (r.issues.length) return fail(...r.issues);

  // MTP (DeepSeek next-token-prediction) layers are stored but not run in plain decoding.
  const nextn = r.optInt("num_nextn_predict_layers");
  const extraParams = meta.extraParams ?? 0;
  const extraParamsNote =
    meta.extraParamsNote ?? (nextn ? `${nextn} multi-token-prediction layer(s) are stored in the checkpoint but not counted in the decoder` : undefined);

  const model: Model = {
    id: meta.id,
    name: meta.name ?? meta.id,
    aliases: meta.aliases ?? [],
    architecture: modelType,
    hidden,
    numLayers,
    vocab,
    tiedEmbeddings: r.bool("tie_word_embeddings", isFalcon),
    lmHeadBias: isGptj,
    attention,
    layers: groupLayers(per),
    parallelBlock: isGptj || (isFalcon && r.bool("parallel_attn", true)),
    normsPerLayer: isGptj ? 1 : isFalcon ? (r.bool("new_decoder_architecture", false) ? 2 : 1) : 2,
    normBias: isGptj || isFalcon,
    maxContext,
    extraParams,
    ...(extraParamsNote ? { extraParamsNote } : {}),
    ...(meta.published ? { published: meta.published } : {}),
    defaultWeightDtype: meta.defaultWeightDtype ?? weightDtypeOf(top) ?? "bf16",
    ...(meta.source ? { source: meta.source } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
  return ok(model);
}
