/**
 * Step cost: the time of one engine step for a batch on a deployment. Per operator (QKV/O
 * projections, prefill attention with the causal quadratic term, decode attention over KV, dense
 * MLP, MoE experts actually touched, lm_head) a roofline with efficiency factors; plus TP
 * all-reduce, EP all-to-all and PP hops; plus per-layer and per-step overheads. The same code runs
 * every architecture class: they differ in where weights stream from (HBM, SRAM, external memory)
 * and in their calibrated factors.
 * @module
 */
import { weightStore } from "../hardware/hardware.js";
import type { ComputeDtype } from "../dtype.js";
import { seconds, type Seconds } from "../units.js";
import { causalKeys, type BatchShape } from "./batch.js";
import { allReduceTime, allToAllTime, hopTime, linkFor, type Link } from "./collectives.js";
import type { Deployment } from "./deployment.js";
import type { Efficiency } from "./efficiency.js";
import { buildShard, type Gemm, type Shard } from "./shard.js";

export type Bound = "compute" | "memory" | "communication" | "overhead";

export interface StepCost {
  /** Wall time of the step. */
  readonly time: Seconds;
  /** Parts of `time`: operator time limited by FLOPs, by bytes, collectives and hops, fixed overheads. */
  readonly compute: Seconds;
  readonly memory: Seconds;
  readonly communication: Seconds;
  readonly overhead: Seconds;
  /** The largest part. */
  readonly bound: Bound;
  /** FLOPs and bytes moved per chip (for utilisation and power). */
  readonly flopsPerChip: number;
  readonly bytesPerChip: number;
  /** Tokens computed in the step (prefill + decode, drafts included). */
  readonly tokens: number;
}

export interface OpCost {
  readonly op: string;
  readonly layers: number;
  /** Time of the op for all its layers in the step (one microbatch pass). */
  readonly time: number;
  readonly flops: number;
  readonly bytes: number;
  readonly bound: Bound;
}

/** A deployment compiled for fast repeated step costs. */
export interface CostModel {
  readonly deployment: Deployment;
  readonly shard: Shard;
  step(shape: BatchShape, breakdown?: OpCost[]): StepCost;
}

interface Acc {
  compute: number;
  memory: number;
  comm: number;
  overhead: number;
  flops: number;
  bytes: number;
}

const peak16 = (d: Deployment) => d.hardware.peak.bf16 ?? d.hardware.peak.fp16 ?? d.hardware.peak.fp8 ?? d.hardware.peak.int8 ?? 1;

/** Build a {@link CostModel}: resolves peaks, bandwidths and links once. */
export function costModel(d: Deployment): CostModel {
  const shard = buildShard(d);
  const hw = d.hardware;
  const eff: Efficiency = d.efficiency;
  const m = d.model;
  const store = weightStore(hw);
  const kvBw = (store?.bandwidth ?? 1) * eff.kvRead;
  const weightBw = (d.weightStreaming && hw.memory ? hw.memory.bandwidth : (store?.bandwidth ?? 1)) * eff.memory;
  const actBw = (store?.bandwidth ?? 1) * eff.memory;
  const lowP = (dt: ComputeDtype) => (dt === "fp8" || dt === "fp4" || dt === "int8" ? eff.lowPrecisionGemm : 1);
  const gemmPeak = (hw.peak[d.gemmDtype] ?? peak16(d)) * eff.gemmMax * lowP(d.gemmDtype);
  const expertPeak = (hw.peak[d.expertGemmDtype] ?? peak16(d)) * eff.gemmMax * lowP(d.expertGemmDtype);
  const attnPeak = peak16(d) * eff.attnPrefill;
  const tpLink: Link = linkFor(hw, d.tp);
  const ppLink: Link = linkFor(hw, d.tp * d.pp);
  const act = shard.actBytes;
  const h = m.hidden;
  const a = m.attention;
  const mla = a.kind === "mla" && a.mla ? a.mla : undefined;
  // FLOPs per (query, key) pair per head: QK^T and PV. Decode with MLA runs in the absorbed latent space.
  const prefillPairFlops = 2 * (a.headDim + a.vHeadDim);
  const decodePairFlops = mla ? 2 * (2 * mla.kvLoraRank + mla.qkRopeHeadDim) : prefillPairFlops;
  const arPerLayer = m.parallelBlock ? 1 : 2;
  const windows = [...new Set(shard.layers.map((g) => g.window))];
  const layerWindow = shard.layers.map((g) => windows.indexOf(g.window));
  // Per-call scratch (the core is single-threaded; reused to avoid allocating in the hot path).
  const prefillKeys = new Float64Array(windows.length);
  const decodeKeys = new Float64Array(windows.length);

  /** One GEMM: roofline with shape-dependent efficiency, plus a fixed kernel latency. */
  function gemmOp(g: Gemm, mTok: number, peak: number, acc: Acc, mult: number, out?: OpCost[]) {
    if (mTok <= 0) return;
    const flops = 2 * mTok * g.n * g.k;
    const effM = mTok / (mTok + eff.gemmMHalf);
    const tc = flops / (peak * effM);
    const bytes = g.weightBytes + mTok * (g.k + g.n) * act;
    const tm = g.weightBytes / weightBw + (mTok * (g.k + g.n) * act) / actBw;
    addOp(g.name, tc, tm, flops, bytes, acc, mult, out);
  }

  function addOp(name: string, tc: number, tm: number, flops: number, bytes: number, acc: Acc, mult: number, out?: OpCost[]) {
    const t = Math.max(tc, tm);
    if (tc >= tm) acc.compute += t * mult;
    else acc.memory += t * mult;
    acc.overhead += eff.opLatency * mult;
    acc.flops += flops * mult;
    acc.bytes += bytes * mult;
    if (out) out.push({ op: name, layers: mult, time: (t + eff.opLatency) * mult, flops: flops * mult, bytes: bytes * mult, bound: tc >= tm ? "compute" : "memory" });
  }

  function step(shape: BatchShape, out?: OpCost[]): StepCost {
    const spec = shape.tokensPerDecode ?? 1;
    let nSeq = 0;
    let tokens = 0;
    let logits = 0;
    for (const c of shape.prefill) {
      const k = c.count ?? 1;
      nSeq += k;
      tokens += c.tokens * k;
      if (c.last !== false) logits += k;
    }
    for (const g of shape.decode) {
      nSeq += g.count;
      tokens += g.count * spec;
      logits += g.count * spec;
    }
    if (nSeq === 0 || tokens === 0) {
      return { time: seconds(0), compute: seconds(0), memory: seconds(0), communication: seconds(0), overhead: seconds(0), bound: "overhead", flopsPerChip: 0, bytesPerChip: 0, tokens: 0 };
    }
    // Pipeline: the batch splits into up to pp microbatches; one step = every layer once per microbatch token set.
    const nMicro = Math.min(d.pp, nSeq);
    const inv = 1 / nMicro;
    const T = tokens * inv;
    const split = d.attentionDp ? 1 / d.tp : 1; // attention (and dense) tokens per chip under attention DP
    const tDense = T * split;

    // Attention work per window (Σ over sequences), per microbatch.
    let prefillKvTokens = 0;
    for (let wi = 0; wi < windows.length; wi++) {
      const w = windows[wi]!;
      let pk = 0;
      let dk = 0;
      for (const c of shape.prefill) pk += (c.count ?? 1) * causalKeys(c.tokens, c.context, w);
      for (const g of shape.decode) dk += g.count * (w === null ? g.context : Math.min(g.context, w));
      prefillKeys[wi] = pk * inv * split;
      decodeKeys[wi] = dk * inv * split;
    }
    for (const c of shape.prefill) prefillKvTokens += (c.count ?? 1) * (c.context + c.tokens);
    prefillKvTokens *= inv * split;

    const acc: Acc = { compute: 0, memory: 0, comm: 0, overhead: 0, flops: 0, bytes: 0 };
    for (let gi = 0; gi < shard.layers.length; gi++) {
      const g = shard.layers[gi]!;
      const L = g.count;
      for (const x of g.gemms) gemmOp(x, tDense, gemmPeak, acc, L, out);
      // Prefill attention: causal quadratic term at attention efficiency; reads cached + new KV once.
      const pk = prefillKeys[layerWindow[gi]!]!;
      if (pk > 0) {
        const flops = pk * shard.headsPerChip * prefillPairFlops;
        const bytes = prefillKvTokens * shard.kvBytesPerTokenLayerChip;
        addOp("attn.prefill", flops / attnPeak, bytes / kvBw, flops, bytes, acc, L, out);
      }
      // Decode attention: stream each sequence's KV (window-capped).
      const dk = decodeKeys[layerWindow[gi]!]!;
      if (dk > 0) {
        const flops = dk * spec * shard.headsPerChip * decodePairFlops;
        const bytes = dk * shard.kvBytesPerTokenLayerChip;
        addOp("attn.decode", flops / attnPeak, bytes / kvBw, flops, bytes, acc, L, out);
      }
      if (g.experts && g.router) {
        gemmOp(g.router, tDense, gemmPeak, acc, L, out);
        const x = g.experts;
        // Token-expert slots handled by one chip, and the distinct local experts they touch.
        const slots = (T * x.topK) / d.ep;
        const pMiss = Math.pow(1 - x.topK / x.experts, T);
        const touched = Math.max(1, x.localExperts * (1 - pMiss));
        const mPerExpert = slots / touched;
        let flops = 0;
        let nk = 0;
        for (const e of x.gemms) {
          flops += 2 * slots * e.n * e.k;
          nk += e.n + e.k;
        }
        flops *= eff.moeImbalance;
        const effM = mPerExpert / (mPerExpert + eff.gemmMHalf);
        const wBytes = touched * x.bytesPerExpert;
        const aBytes = slots * nk * act;
        addOp("moe.experts", flops / (expertPeak * effM), wBytes / weightBw + aBytes / actBw, flops, wBytes + aBytes, acc, L, out);
        acc.overhead += eff.opLatency * L; // second grouped GEMM launch
        if (d.attentionDp && d.ep > 1) {
          const a2a = 2 * allToAllTime(tDense * x.topK * h * act, d.ep, tpLink, eff);
          acc.comm += a2a * L;
          if (out) out.push({ op: "moe.all_to_all", layers: L, time: a2a * L, flops: 0, bytes: 0, bound: "communication" });
        }
      }
      // Elementwise (norms, residuals, activation): a few passes over the hidden state.
      const ew = 4 * tDense * h * act;
      acc.memory += (ew / actBw) * L;
      acc.bytes += ew * L;
      acc.overhead += eff.layerOverhead * L;
      if (!d.attentionDp && d.tp > 1) {
        const ar = arPerLayer * allReduceTime(T * h * act, d.tp, tpLink, eff);
        acc.comm += ar * L;
        if (out) out.push({ op: "tp.all_reduce", layers: L, time: ar * L, flops: 0, bytes: 0, bound: "communication" });
      }
    }
    gemmOp(shard.lmHead, logits * inv * split, gemmPeak, acc, 1, out);
    if (d.pp > 1) {
      const hop = hopTime(T * h * act, ppLink, eff) * d.pp;
      acc.comm += hop;
      if (out) out.push({ op: "pp.hop", layers: d.pp, time: hop, flops: 0, bytes: 0, bound: "communication" });
    }
    // The loop above is one microbatch through every layer. With nMicro ≤ pp microbatches in flight,
    // every sequence advances one token in exactly that time (stages idle when nMicro < pp).
    const compute = acc.compute;
    const memory = acc.memory;
    const comm = acc.comm;
    const overhead = acc.overhead + eff.stepOverhead + eff.seqOverhead * nSeq;
    const time = compute + memory + comm + overhead;
    let bound: Bound = "compute";
    let best = compute;
    if (memory > best) [bound, best] = ["memory", memory];
    if (comm > best) [bound, best] = ["communication", comm];
    if (overhead > best) bound = "overhead";
    return {
      time: seconds(time),
      compute: seconds(compute),
      memory: seconds(memory),
      communication: seconds(comm),
      overhead: seconds(overhead),
      bound,
      flopsPerChip: acc.flops * nMicro / d.pp,
      bytesPerChip: acc.bytes * nMicro / d.pp,
      tokens,
    };
  }
  return { deployment: d, shard, step };
}

/** One-off step cost (compiles the deployment each call; use {@link costModel} in loops). */
export function stepCost(d: Deployment, shape: BatchShape, breakdown?: OpCost[]): StepCost {
  return costModel(d).step(shape, breakdown);
}
