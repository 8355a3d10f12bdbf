/**
 * Operating point: steady-state, analytical latency and throughput for `batch` concurrent requests
 * of `input` prompt and `output` generated tokens. TTFT is the prefill of the batch's prompts (in
 * step-budget chunks); TPOT the decode step at the mean context (decode cost is affine in context,
 * so this equals the mean over the generation); throughput = batch × output ÷ end-to-end time.
 * Speculative decoding, energy per token and cost per million output tokens are included.
 * @module
 */
import { atPath, fail, issue, ok, type Issue, type Result } from "../errors.js";
import { joules, seconds, usdPerHour, watts, type Joules, type Seconds, type UsdPerHour, type Watts } from "../units.js";
import { batchCap, schedulerRanks, stepTokenBudget, type Deployment } from "./deployment.js";
import { maxConcurrency, memoryPlan, type MemoryPlan } from "./memory-plan.js";
import { stepPower } from "./power.js";
import { decodeSpecFor, draftCostModel, type SpeculativeSpec } from "./speculative.js";
import { mixedCycle, steadyStateTtft, type DecodeSpec } from "./continuous.js";
import { costModel, type Bound, type CostModel, type StepCost } from "./step-cost.js";
import { costPerHour, costPerMillionTokens, type CostBasis } from "../plan/cost.js";

export interface OperatingPointSpec {
  /** Concurrent requests per replica, or `max`: the largest batch whose KV fits (capped by maxBatch). */
  readonly batch: number | "max";
  /** Prompt tokens per request. */
  readonly input: number;
  /** Output tokens per request (≥ 1). */
  readonly output: number;
  /** Prompt tokens already in the prefix cache (not recomputed). */
  readonly cachedInput?: number;
  readonly speculative?: SpeculativeSpec;
  /** Cost basis for $/Mtok (default rental, falling back to ownership when no rental price is known). */
  readonly cost?: CostBasis;
  /**
   * `continuous` (default): an engine with continuous batching in steady state — the batch's
   * prompts ride in decode steps (shared weight reads), throughput and TPOT from the mixed cycle.
   * `static`: the batch is prefilled together, then decoded together (static-batch benchmarks).
   * A batch of one is the same in both.
   */
  readonly mode?: "continuous" | "static";
}

export interface OperatingPoint {
  readonly fits: boolean;
  readonly reason?: string;
  readonly deployment: Deployment;
  readonly memory: MemoryPlan;
  /** Concurrent requests per replica. */
  readonly batch: number;
  /** How the batch is served: continuous batching (default) or static batches. */
  readonly batching: "continuous" | "static";
  readonly ttft: Seconds;
  readonly tpot: Seconds;
  readonly e2e: Seconds;
  readonly tokensPerSecondPerUser: number;
  /** Output tokens/s of the whole deployment (all replicas). */
  readonly outputTokensPerSecond: number;
  readonly outputTokensPerSecondPerChip: number;
  /** Bound of the decode step (what limits per-user speed). */
  readonly bottleneck: Bound;
  readonly prefillStep: StepCost;
  readonly decodeStep: StepCost;
  /** Chip energy per output token, prefill included. */
  readonly energyPerToken: Joules;
  /** Average power per chip over a request cycle. */
  readonly powerPerChip: Watts;
  /** USD per hour for all chips; `undefined` when no price is known. */
  readonly costPerHour: UsdPerHour | undefined;
  readonly costPerMillionTokens: number | undefined;
  readonly costBasis: string;
  readonly warnings: readonly string[];
}

/** Check lengths and batch; every problem with its path. */
export function checkOperatingPointSpec(s: OperatingPointSpec, path = ""): Issue[] {
  const out: Issue[] = [];
  const p = (k: string) => atPath(path, k);
  const intAtLeast = (v: number, min: number) => Number.isInteger(v) && v >= min;
  if (s.batch !== "max" && !intAtLeast(s.batch, 1)) out.push(issue(p("batch"), `batch must be a positive integer or "max", got ${s.batch}`));
  if (!intAtLeast(s.input, 0)) out.push(issue(p("input"), `input must be a non-negative integer number of tokens, got ${s.input}`));
  if (!intAtLeast(s.output, 1)) out.push(issue(p("output"), `output must be a positive integer number of tokens, got ${s.output}`));
  if (s.cachedInput !== undefined && (!intAtLeast(s.cachedInput, 0) || s.cachedInput > s.input)) out.push(issue(p("cachedInput"), `cached input must be an integer between 0 and input (${s.input}), got ${s.cachedInput}`));
  const sp = s.speculative;
  if (sp) {
    if (!(sp.acceptance >= 0 && sp.acceptance < 1)) out.push(issue(p("speculative.acceptance"), `acceptance must be in [0, 1), got ${sp.acceptance}`));
    if (!intAtLeast(sp.length, 1)) out.push(issue(p("speculative.length"), `draft length must be a positive integer, got ${sp.length}`));
    if (sp.method === "draft" && !sp.draftModel) out.push(issue(p("speculative.draftModel"), "draft-model speculation needs a draft model"));
  }
  return out;
}

/**
 * Prefill `n` prompts of `len` new tokens on `cached` cached ones, at most `maxTokensPerStep` tokens
 * per step. Prompts that fit the budget are packed `budget ÷ len` to a step (fractionally: a partial
 * last step shares its step with decodes under continuous batching); longer prompts are chunked.
 */
export function prefillTime(cm: CostModel, n: number, len: number, cached: number): { time: number; step: StepCost } {
  const budget = stepTokenBudget(cm.deployment);
  const tokens = Math.max(1, len);
  if (tokens <= budget) {
    const perStep = Math.min(n, budget / tokens);
    const s = cm.step({ prefill: [{ tokens, context: cached, count: perStep }], decode: [] });
    return { time: (n / perStep) * s.time, step: s };
  }
  let t = 0;
  let last: StepCost | undefined;
  for (let done = 0; done < tokens; done += budget) {
    const c = Math.min(budget, tokens - done);
    last = cm.step({ prefill: [{ tokens: c, context: cached + done, count: 1, last: done + c >= tokens }], decode: [] });
    t += last.time;
  }
  return { time: t * n, step: last! };
}

/** Decode time per emitted token (and the step) for `batch` sequences at context `ctx`. */
function decodeCost(cm: CostModel, batch: number, ctx: number, spec: DecodeSpec): { perToken: number; step: StepCost } {
  const s = cm.step({ prefill: [], decode: [{ count: batch, context: ctx }], tokensPerDecode: spec.verify });
  return { perToken: (s.time + spec.draft(batch)) / spec.emitted, step: s };
}

/**
 * The operating point of a resolved deployment. Infeasible deployments (does not fit) are returned
 * with `fits: false` and the reason, with latencies still computed for the asked batch.
 */
export function operatingPoint(d: Deployment, spec: OperatingPointSpec, cm: CostModel = costModel(d)): Result<OperatingPoint> {
  const problems = checkOperatingPointSpec(spec);
  if (problems.length) return fail(...problems);
  const warnings: string[] = [];
  const context = spec.input + spec.output;
  const batch = spec.batch === "max" ? Math.max(1, maxConcurrency(d, cm.shard, context)) : spec.batch;
  const plan = memoryPlan(d, { batch, context }, cm.shard);
  if (batch > batchCap(d)) warnings.push(`batch ${batch} exceeds the engine's maxBatch ${d.maxBatch}${schedulerRanks(d) > 1 ? ` on each of ${schedulerRanks(d)} attention-DP ranks` : ""}`);
  const draftR = draftCostModel(d, spec.speculative);
  if (!draftR.ok) return draftR;
  const draft = draftR.value;
  const cached = spec.cachedInput ?? 0;
  const meanCtx = spec.input + spec.output / 2;
  const ds = decodeSpecFor(cm, draft, spec.speculative, meanCtx);
  const dec = decodeCost(cm, batch, meanCtx, ds);
  const replicas = d.dp;
  let pre: { time: number; step: StepCost };
  let perToken: number;
  let perReplica: number;
  if ((spec.mode ?? "continuous") === "continuous" && batch > 1) {
    // Steady state: a request waits half a step, its prompt rides in mixed steps, then decodes at the cycle's pace.
    const c = mixedCycle(cm, batch, spec.input - cached, spec.output, { spec: ds, cached });
    const alone = prefillTime(cm, 1, spec.input - cached, cached);
    pre = { time: Math.max(alone.time, steadyStateTtft(c, Math.max(1, spec.input - cached))), step: alone.step };
    perToken = c.tpot;
    perReplica = c.outputTokensPerSecond;
  } else {
    pre = prefillTime(cm, batch, spec.input - cached, cached);
    perToken = dec.perToken;
    perReplica = (batch * spec.output) / (pre.time + (spec.output - 1) * perToken);
  }
  const ttft = pre.time;
  const tpot = spec.output > 1 ? perToken : 0;
  const e2e = ttft + (spec.output - 1) * perToken;
  const outputTokensPerSecond = e2e > 0 ? perReplica * replicas : 0;
  // Energy: prefill phase and decode phase at their own power.
  const hw = d.hardware;
  const chipsPerReplica = d.tp * d.pp;
  const pPre = stepPower(hw, pre.step);
  const pDec = stepPower(hw, dec.step);
  const decodeTime = e2e - ttft;
  const energy = chipsPerReplica * (pPre * ttft + pDec * decodeTime);
  const energyPerToken = joules(energy / (batch * spec.output));
  const powerPerChip = e2e > 0 ? watts((pPre * ttft + pDec * decodeTime) / e2e) : hw.power.idle;
  const cost = costPerHour(hw, d.chips, powerPerChip, spec.cost);
  if (cost.warning) warnings.push(cost.warning);
  const perMtok = cost.usdPerHour !== undefined && outputTokensPerSecond > 0 ? costPerMillionTokens(cost.usdPerHour, outputTokensPerSecond) : undefined;
  if (d.model.warnings) warnings.push(...d.model.warnings);
  // `reason` last, as in memoryPlan: the fixed fields build as one object shape.
  return ok({
    fits: plan.fits,
    deployment: d,
    memory: plan,
    batch,
    batching: spec.mode ?? "continuous",
    ttft: seconds(ttft),
    tpot: seconds(tpot),
    e2e: seconds(e2e),
    tokensPerSecondPerUser: perToken > 0 ? 1 / perToken : 0,
    outputTokensPerSecond,
    outputTokensPerSecondPerChip: outputTokensPerSecond / d.chips,
    bottleneck: dec.step.bound,
    prefillStep: pre.step,
    decodeStep: dec.step,
    energyPerToken,
    powerPerChip,
    costPerHour: cost.usdPerHour === undefined ? undefined : usdPerHour(cost.usdPerHour),
    costPerMillionTokens: perMtok,
    costBasis: cost.basis,
    warnings,
    ...(plan.reason ? { reason: plan.reason } : {}),
  });
}
