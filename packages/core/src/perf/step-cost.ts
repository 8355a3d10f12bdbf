/**
 * Step cost: the time of one engine step for a batch on a deployment. Per operator (QKV/O
 * projections, prefill attention with the causal quadratic term, decode attention over KV, dense
 * MLP, MoE experts actually touched, lm_head) a roofline with efficiency factors; plus TP
 * all-reduce, EP all-to-all and PP hops; plus per-layer and per-step overheads. The same code runs
 * every architecture class: they differ in where weights stream from (HBM, SRAM, external memory)
 * and in their calibrated factors.
 * @module
 */
import { assert } from "../errors.js";
import { peak16, weightStore } from "../hardware/hardware.js";
import { BYTES_PER_ELEMENT, isLowPrecision, type ComputeDtype } from "../dtype.js";
import { bytes, flops, seconds, type Bytes, type Flops, type Seconds } from "../units.js";
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
  readonly flopsPerChip: Flops;
  readonly bytesPerChip: Bytes;
  /** Tokens computed in the step (prefill + decode, drafts included). */
  readonly tokens: number;
}

export interface OpCost {
  readonly op: string;
  readonly layers: number;
  /** Time of the op for all its layers in the step (one microbatch pass). */
  readonly time: Seconds;
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

/**
 * Elementwise passes over the hidden state per layer (estimate): two norms and two residual adds
 * in a pre-norm block, each reading or writing one hidden-size vector per token.
 */
const ELEMENTWISE_PASSES = 4;
/** An expert-parallel MoE layer exchanges tokens twice: dispatch to the experts and combine back. */
const ALL_TO_ALLS_PER_MOE_LAYER = 2;

/** The step of an empty batch (shared: step costs are read-only). */
const ZERO_STEP: StepCost = {
  time: seconds(0),
  compute: seconds(0),
  memory: seconds(0),
  communication: seconds(0),
  overhead: seconds(0),
  bound: "overhead",
  flopsPerChip: flops(0),
  bytesPerChip: bytes(0),
  tokens: 0,
};

/** A GEMM with what the step needs of it resolved once per deployment. */
interface CompiledGemm {
  readonly name: string;
  readonly n: number;
  readonly k: number;
  /** n + k: activation elements read and written per token. */
  readonly nk: number;
  readonly weightBytes: number;
  /** Time to stream the weights once. */
  readonly weightTime: number;
}

/** An MoE layer group's expert slice, resolved once per deployment. */
interface CompiledExperts {
  readonly router: CompiledGemm;
  readonly experts: number;
  readonly topK: number;
  readonly localExperts: number;
  readonly bytesPerExpert: number;
  /** Σ over the expert's GEMMs of 2·n·k (FLOPs per token-expert slot) and of n + k. */
  readonly flopsPerSlot: number;
  readonly nkPerSlot: number;
  /** Elements the activation kernel between an expert's up and down projections moves per slot. */
  readonly actPerSlot: number;
  /** Expert-parallel ranks a token travels to: each rank holding any of its experts (the experts on one rank share the copy), ep·(1 − (1 − 1/ep)^topK) under uniform routing. */
  readonly ranksPerToken: number;
  /** Identical routing: the expected number of the top-k experts on the busiest rank. */
  readonly busiestRankExperts: number;
}

/**
 * Expected largest number of `k` distinct experts, drawn uniformly from `ranks` ranks of `perRank`
 * experts each, that land on one rank: Σ_m P(max > m), with P(max ≤ m) the coefficient of x^k in
 * (Σ_{j≤m} C(perRank, j)·x^j)^ranks over C(ranks·perRank, k). One rank: min(k, perRank).
 */
export function expectedBusiestRank(k: number, ranks: number, perRank: number): number {
  const top = Math.min(k, perRank);
  if (ranks <= 1) return top;
  if (k <= 1) return k;
  const binom = (n: number, r: number) => {
    let c = 1;
    for (let i = 1; i <= r; i++) c = (c * (n - r + i)) / i;
    return c;
  };
  const total = binom(ranks * perRank, k);
  let e = 0;
  for (let m = 0; m < top; m++) {
    const g = Array.from({ length: m + 1 }, (_, j) => binom(perRank, j));
    let poly = [1];
    for (let r = 0; r < ranks; r++) {
      const next = new Array<number>(Math.min(k, poly.length - 1 + m) + 1).fill(0);
      for (let i = 0; i < poly.length; i++) for (let j = 0; j <= m && i + j <= k; j++) next[i + j]! += poly[i]! * g[j]!;
      poly = next;
    }
    e += 1 - (poly[k] ?? 0) / total;
  }
  return e;
}

/**
 * An operator's time from its compute-limited and memory-limited times: the p-norm
 * `(t_c^p + t_m^p)^(1/p)`, written as `max · (1 + (min/max)^p)^(1/p)` so that it neither
 * underflows for small times nor needs p finite (p → ∞ is the plain roofline, max(t_c, t_m)).
 * Kernels fall short of the roofline where compute and memory time are alike: they overlap the
 * two only in part.
 */
export function smoothRoofline(tc: number, tm: number, p: number): number {
  const hi = Math.max(tc, tm);
  const lo = Math.min(tc, tm);
  if (!(lo > 0) || !Number.isFinite(p)) return hi;
  // exp/log rather than Math.pow: the same value, about 2.4× faster in V8 (this is the step-cost hot path).
  return hi * Math.exp(Math.log1p(Math.exp(p * Math.log(lo / hi))) / p);
}

/** Build a {@link CostModel}: resolves peaks, bandwidths, links and per-GEMM constants once. */
export function costModel(d: Deployment): CostModel {
  const shard = buildShard(d);
  const hw = d.hardware;
  const eff: Efficiency = d.efficiency;
  const m = d.model;
  const store = weightStore(hw);
  assert(store, () => `costModel: ${hw.id} has no memory that holds weights (resolveDeployment rejects it)`);
  const kvBw = store.bandwidth * eff.kvRead;
  const weightBw = (d.weightStreaming && hw.memory ? hw.memory.bandwidth : store.bandwidth) * eff.memory;
  const actBw = store.bandwidth * eff.memory;
  const lowP = (dt: ComputeDtype) => (dt === "fp4" ? eff.lowPrecisionGemm * eff.fourBitGemm : isLowPrecision(dt) ? eff.lowPrecisionGemm : 1);
  const p16 = peak16(hw);
  const gemmPeak = (hw.peak[d.gemmDtype] ?? p16) * eff.gemmMax * lowP(d.gemmDtype);
  // Experts stored below 16 bits run grouped low-precision kernels at a share of their ideal speed:
  // `moeFourBit` on FP4 matrix engines, `moeLowPrecision` otherwise (FP8, INT8, and 4-bit weights
  // dequantised into 8- or 16-bit GEMMs).
  const lpMoe = d.expertGemmDtype === "fp4" ? eff.moeFourBit : BYTES_PER_ELEMENT[d.expertDtype] < 2 ? eff.moeLowPrecision : 1;
  const expertPeak = (hw.peak[d.expertGemmDtype] ?? p16) * eff.gemmMax * lowP(d.expertGemmDtype) * lpMoe;
  const expertBw = weightBw * lpMoe;
  const attnPeak = p16 * eff.attnPrefill;
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
  const identicalRouting = d.moeRouting === "identical";
  const compile = (g: Gemm): CompiledGemm => ({ name: g.name, n: g.n, k: g.k, nk: g.k + g.n, weightBytes: g.weightBytes, weightTime: g.weightBytes / weightBw });
  const groups = shard.layers.map((g) => {
    let experts: CompiledExperts | undefined;
    if (g.experts && g.router) {
      let flopsPerSlot = 0;
      let nkPerSlot = 0;
      for (const e of g.experts.gemms) {
        flopsPerSlot += 2 * e.n * e.k;
        nkPerSlot += e.n + e.k;
      }
      const x = g.experts;
      const ranksPerToken = d.ep * (1 - Math.pow(1 - 1 / d.ep, x.topK));
      const busiestRankExperts = identicalRouting ? expectedBusiestRank(x.topK, d.ep, x.localExperts) : 0;
      experts = { router: compile(g.router), experts: x.experts, topK: x.topK, localExperts: x.localExperts, bytesPerExpert: x.bytesPerExpert, flopsPerSlot, nkPerSlot, actPerSlot: x.activationElements, ranksPerToken, busiestRankExperts };
    }
    return { count: g.count, window: g.window, gemms: g.gemms.map(compile), experts, actPerToken: g.activationElements };
  });
  let layersTotal = 0;
  for (const g of groups) layersTotal += g.count;
  // Fixed per-layer costs of a whole step: every step's, and the extra of an eager step with prompt tokens.
  const layerFixed = eff.layerOverhead * layersTotal;
  const promptFixed = eff.prefillLayerOverhead * layersTotal;
  const lmHead = compile(shard.lmHead);
  const windows = [...new Set(groups.map((g) => g.window))];
  const layerWindow = groups.map((g) => windows.indexOf(g.window));
  // Per-call scratch and accumulator (the core is single-threaded; reused to avoid allocating in the hot path).
  const prefillKeys = new Float64Array(windows.length);
  const prefillKv = new Float64Array(windows.length);
  const decodeKeys = new Float64Array(windows.length);
  const decodeLongest = new Float64Array(windows.length);
  // Decode attention without sequence splitting: one block per sequence and head streams its KV alone.
  const serialAttn = d.decodeAttention === "serial";
  const headBlockTime = shard.kvBytesPerTokenHead / eff.kvBlockBandwidth;
  const acc: Acc = { compute: 0, memory: 0, comm: 0, overhead: 0, flops: 0, bytes: 0 };

  const sharp = eff.rooflineSharpness;
  /** GEMM shape efficiency at M rows: M/(M + gemmMHalf) of the large-M peak. */
  const shapeEff = (mRows: number) => mRows / (mRows + eff.gemmMHalf);

  /** One GEMM on `mTok` tokens at `effPeak` (peak × shapeEff, resolved once per step): roofline plus a fixed kernel latency. */
  function gemmOp(g: CompiledGemm, mTok: number, effPeak: number, mult: number, out?: OpCost[]) {
    if (mTok <= 0) return;
    const f = 2 * mTok * g.n * g.k;
    const actBytes = mTok * g.nk * act;
    addOp(g.name, f / effPeak, g.weightTime + actBytes / actBw, f, g.weightBytes + actBytes, mult, out);
  }

  function addOp(name: string, tc: number, tm: number, f: number, b: number, mult: number, out?: OpCost[]) {
    const t = smoothRoofline(tc, tm, sharp);
    if (tc >= tm) acc.compute += t * mult;
    else acc.memory += t * mult;
    acc.overhead += eff.opLatency * mult;
    acc.flops += f * mult;
    acc.bytes += b * mult;
    if (out) out.push({ op: name, layers: mult, time: seconds((t + eff.opLatency) * mult), flops: f * mult, bytes: b * mult, bound: tc >= tm ? "compute" : "memory" });
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
    const hasPrompt = tokens > 0;
    for (const g of shape.decode) {
      nSeq += g.count;
      tokens += g.count * spec;
      logits += g.count * spec;
    }
    if (nSeq === 0 || tokens === 0) return ZERO_STEP;
    // Pipeline: the batch splits into up to pp microbatches; one step = every layer once per microbatch token set.
    const nMicro = Math.min(d.pp, nSeq);
    const inv = 1 / nMicro;
    const T = tokens * inv;
    const split = d.attentionDp ? 1 / d.tp : 1; // attention (and dense) tokens per chip under attention DP
    const tDense = T * split;
    // Dense GEMMs all run on tDense tokens: one shape efficiency for the step.
    const densePeak = gemmPeak * shapeEff(tDense);

    // Attention work per window (Σ over sequences), per microbatch: keys attended, and KV tokens a
    // prefill chunk reads (the window's cached tokens plus its own).
    for (let wi = 0; wi < windows.length; wi++) {
      const w = windows[wi]!;
      let pk = 0;
      let pkv = 0;
      let dk = 0;
      let longest = 0;
      for (const c of shape.prefill) {
        const k = c.count ?? 1;
        pk += k * causalKeys(c.tokens, c.context, w);
        pkv += k * ((w === null ? c.context : Math.min(c.context, w)) + c.tokens);
      }
      for (const g of shape.decode) {
        dk += g.count * (w === null ? g.context : Math.min(g.context, w));
        if (serialAttn) {
          // A fractional group (an average over steps) holds its longest sequence that share of the time.
          const l = g.longest ?? g.context;
          const len = Math.min(1, g.count) * (w === null ? l : Math.min(l, w));
          if (len > longest) longest = len;
        }
      }
      prefillKeys[wi] = pk * inv * split;
      prefillKv[wi] = pkv * inv * split;
      decodeKeys[wi] = dk * inv * split;
      decodeLongest[wi] = longest;
    }

    acc.compute = acc.memory = acc.comm = acc.overhead = acc.flops = acc.bytes = 0;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      const L = g.count;
      for (const x of g.gemms) gemmOp(x, tDense, densePeak, L, out);
      if (g.actPerToken > 0) {
        const b = tDense * g.actPerToken * act;
        addOp("mlp.activation", 0, b / actBw, 0, b, L, out);
      }
      // Prefill attention: causal quadratic term at attention efficiency; reads cached (window-capped) + new KV once.
      const wi = layerWindow[gi]!;
      const pk = prefillKeys[wi]!;
      if (pk > 0) {
        const f = pk * shard.headsPerChip * prefillPairFlops;
        const b = prefillKv[wi]! * shard.kvBytesPerTokenLayerChip;
        addOp("attn.prefill", f / attnPeak, b / kvBw, f, b, L, out);
      }
      // Decode attention: stream each sequence's KV (window-capped); a serial kernel takes at least
      // the longest sequence's head KV over one block's rate.
      const dk = decodeKeys[wi]!;
      if (dk > 0) {
        const f = dk * spec * shard.headsPerChip * decodePairFlops;
        const b = dk * shard.kvBytesPerTokenLayerChip;
        const tm = serialAttn ? Math.max(b / kvBw, decodeLongest[wi]! * headBlockTime) : b / kvBw;
        addOp("attn.decode", f / attnPeak, tm, f, b, L, out);
      }
      const x = g.experts;
      if (x) {
        gemmOp(x.router, tDense, densePeak, L, out);
        // Token-expert slots handled by one chip, and the distinct local experts they touch. Spread
        // routing: uniform and independent, the average rank, the hottest expert above the mean
        // (moeImbalance). Identical routing: every token (prompt tokens included) picks the same top-k
        // experts; the busiest rank holds the expected largest share of them, each with all the step's tokens.
        const touched = identicalRouting ? x.busiestRankExperts : Math.max(1, x.localExperts * (1 - Math.pow(1 - x.topK / x.experts, T)));
        const slots = identicalRouting ? T * touched : (T * x.topK) / d.ep;
        const mPerExpert = slots / touched;
        const f = slots * x.flopsPerSlot * (identicalRouting ? 1 : eff.moeImbalance);
        const effM = shapeEff(mPerExpert);
        const wBytes = touched * x.bytesPerExpert;
        const aBytes = slots * x.nkPerSlot * act;
        addOp("moe.experts", f / (expertPeak * effM), wBytes / expertBw + aBytes / actBw, f, wBytes + aBytes, L, out);
        const eb = slots * x.actPerSlot * act;
        addOp("moe.activation", 0, eb / actBw, 0, eb, L, out);
        acc.overhead += eff.opLatency * L; // second grouped GEMM launch
        if (d.attentionDp && d.ep > 1) {
          // Identical routing sends every rank's tokens to the same few ranks: the receiver takes all of them.
          const perRank = identicalRouting ? tDense * d.ep : tDense * x.ranksPerToken;
          const a2a = ALL_TO_ALLS_PER_MOE_LAYER * allToAllTime(perRank * h * act, d.ep, tpLink, eff);
          acc.comm += a2a * L;
          if (out) out.push({ op: "moe.all_to_all", layers: L, time: seconds(a2a * L), flops: 0, bytes: 0, bound: "communication" });
        }
      }
    }
    // The same for every layer: elementwise passes (norms and residual adds), the fixed per-layer
    // overhead, and the TP all-reduces after attention and MLP.
    const ew = ELEMENTWISE_PASSES * tDense * h * act;
    acc.memory += (ew / actBw) * layersTotal;
    acc.bytes += ew * layersTotal;
    acc.overhead += layerFixed;
    if (!d.attentionDp && d.tp > 1) {
      const ar = arPerLayer * allReduceTime(T * h * act, d.tp, tpLink, eff);
      acc.comm += ar * layersTotal;
      if (out) for (const g of groups) out.push({ op: "tp.all_reduce", layers: g.count, time: seconds(ar * g.count), flops: 0, bytes: 0, bound: "communication" });
    }
    const tLogits = logits * inv * split;
    gemmOp(lmHead, tLogits, gemmPeak * shapeEff(tLogits), 1, out);
    if (d.pp > 1) {
      const hop = hopTime(T * h * act, ppLink, eff) * d.pp;
      acc.comm += hop;
      if (out) out.push({ op: "pp.hop", layers: d.pp, time: seconds(hop), flops: 0, bytes: 0, bound: "communication" });
    }
    // The loop above is one microbatch through every layer. With nMicro ≤ pp microbatches in flight,
    // every sequence advances one token in exactly that time (stages idle when nMicro < pp).
    const compute = acc.compute;
    const memory = acc.memory;
    const comm = acc.comm;
    // Steps with prompt tokens run eagerly; decode-only steps replay a CUDA graph (see Efficiency.prefillLayerOverhead).
    const overhead = acc.overhead + eff.stepOverhead + (hasPrompt ? promptFixed : 0) + eff.seqOverhead * nSeq;
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
      flopsPerChip: flops((acc.flops * nMicro) / d.pp),
      bytesPerChip: bytes((acc.bytes * nMicro) / d.pp),
      tokens,
    };
  }
  return { deployment: d, shard, step };
}

/** One-off step cost (compiles the deployment each call; use {@link costModel} in loops). */
export function stepCost(d: Deployment, shape: BatchShape, breakdown?: OpCost[]): StepCost {
  return costModel(d).step(shape, breakdown);
}
