/**
 * The planner in the worker, as the CLI's `plan` calls it (packages/cli/src/commands/plan.ts):
 * workload statistics from the preset (core `workloadStats(buildWorkload(preset, {seed}))`), the
 * SLO from the preset (core `planSloOf`) with the form's bounds over it, then the core's search —
 * core `plan` with a progress report between hardware — optionally the two cheapest hardware's
 * two cheapest options checked by core `confirmPlan` (its simulator), and the disaggregated
 * pairings (`planPairings`).
 * @module
 */
import {
  ENGINES,
  buildWorkload,
  confirmPlan,
  planPairings,
  plan as corePlan,
  planSloOf,
  unwrap,
  workloadCatalog,
  workloadStats,
  type CostBasis,
  type Engine,
  type Hardware,
  type PlanRequest,
  type PlanSlo,
  type WorkloadPreset,
} from "@infersim/core";
import { contextFor, type Context } from "./context";
import { Fields } from "./fields";
import type { CoreApi } from "./protocol";
import type { PairingsView, PlanParams, PlanView, ReportProgress } from "./protocol-serving";

/** Hardware whose cheapest options the simulator checks when asked. */
const CONFIRM_HARDWARE = 2;
/** Options checked per hardware (the CLI's choice). */
const CONFIRM_OPTIONS = 2;

interface Parsed {
  readonly req: Omit<PlanRequest, "hardware">;
  readonly preset: WorkloadPreset;
  readonly seed: number;
}

/** The form into a plan request without hardware; issues go to `f` (undefined when any). */
function parsePlan(p: PlanParams, ctx: Context, f: Fields): Parsed | undefined {
  const model = f.pick(ctx.models, p.model, "model");
  const preset = f.pick(workloadCatalog(), p.workload, "plan_workload");
  const rate = f.num("demand", p.rate, { min: 0, minExclusive: true });
  if (p.rate.trim() === "") f.issues.push({ path: "demand", message: "demand must be a number of requests per second, got \"\"" });
  const ttft = f.num("ttft_p99", p.ttftP99Ms, { min: 0, minExclusive: true });
  const tpot = f.num("tpot_p99", p.tpotP99Ms, { min: 0, minExclusive: true });
  const basis = f.oneOf("cost", p.cost, ["rental", "ownership"] as const) ?? "rental";
  const engine = f.oneOf<Engine>("engine", p.engine, ENGINES);
  const seed = f.int("seed", p.seed, 0) ?? 1;
  if (!model || !preset || rate === undefined) return undefined;
  const slo: PlanSlo = { ...planSloOf(preset.slo), ...(ttft ? { ttftP99: ttft / 1e3 } : {}), ...(tpot ? { tpotP99: tpot / 1e3 } : {}) };
  const stats = workloadStats(unwrap(buildWorkload(preset, { seed, contextWindow: model.maxContext })));
  const cost: CostBasis = { kind: basis };
  const req = { model, workload: stats, rate, slo, cost, ...(engine ? { engine } : {}), ...(preset.speculative ? { speculative: preset.speculative } : {}) };
  return { seed, preset, req };
}

/** Throw the collected issues, or return the parsed request. */
function checked(parsed: Parsed | undefined, f: Fields): Parsed {
  f.check();
  if (!parsed) throw new Error("infersim web: the plan request did not parse");
  return parsed;
}

const ms = (s: number | undefined) => (s === undefined ? null : Math.round(s * 1e6) / 1e3);

/** Cheapest option per hardware, failures and frontiers; `confirm` adds the simulator check. */
export function plan(p: CoreApi["plan"]["req"], progress: ReportProgress): PlanView {
  const ctx = contextFor(p.plan.custom);
  const fields = new Fields();
  const parsed = parsePlan(p.plan, ctx, fields);
  const hardware = fields.list(ctx.hardware, p.hardware, "plan_hw");
  if (!p.hardware.length) fields.issues.push({ path: "plan_hw", message: "pick at least one hardware" });
  const { req, preset, seed } = checked(parsed, fields);
  let result = corePlan({ ...req, hardware }, (done, total, id) => progress({ done, total, label: `searching ${id} (${done + 1} of ${total})` }));
  const sims = p.confirm ? result.best.slice(0, CONFIRM_HARDWARE).map((o) => o.hardware) : [];
  if (sims.length) result = confirmPlan(result, { ...req, hardware }, preset, { hardware: CONFIRM_HARDWARE, perHardware: CONFIRM_OPTIONS, seed, onProgress: (done, total, label) => progress({ done, total, label }) });
  const failures = result.failures.map((x) => ({ hardware: x.hardware, reason: x.reason }));
  const s = req.slo;
  return {
    model: req.model.id,
    workload: preset.id,
    rate: req.rate,
    hardware: hardware.length,
    cost: req.cost?.kind ?? "rental",
    best: result.best,
    failures,
    throughputFrontier: result.throughputFrontier,
    costFrontier: result.costFrontier,
    evaluated: result.evaluated,
    slo: { ttftP99Ms: ms(s.ttftP99), tpotP99Ms: ms(s.tpotP99), e2eP99Ms: ms(s.e2eP99), minTokensPerSecondPerUser: s.minTokensPerSecondPerUser ?? null },
    confirmed: sims,
  };
}

/** Every prefill × decode hardware pairing's best pools, and whether mixing beats one architecture. */
export function pairings(p: CoreApi["pairings"]["req"]): PairingsView {
  const ctx = contextFor(p.plan.custom);
  const fields = new Fields();
  const parsed = parsePlan(p.plan, ctx, fields);
  const prefillHardware: Hardware[] = fields.list(ctx.hardware, p.prefill, "prefill_set");
  const decodeHardware: Hardware[] = fields.list(ctx.hardware, p.decode, "decode_set");
  if (!p.prefill.length) fields.issues.push({ path: "prefill_set", message: "pick at least one prefill hardware" });
  if (!p.decode.length) fields.issues.push({ path: "decode_set", message: "pick at least one decode hardware" });
  const { req } = checked(parsed, fields);
  const r = planPairings({ ...req, hardware: [], prefillHardware, decodeHardware });
  return { pairings: r.pairings, bestSingle: r.bestSingle, bestMixed: r.bestMixed, mixedBeatsSingle: r.mixedBeatsSingle, unpaired: r.unpaired };
}
