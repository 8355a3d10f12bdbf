/**
 * The planner in the worker, as the CLI's `plan` calls it (packages/cli/src/commands/plan.ts):
 * workload statistics from the preset (core `workloadStats(buildWorkload(preset, {seed}))`), the
 * SLO from the preset (core `planSloOf`) with the form's bounds over it, then the core's search —
 * core `plan` with a progress report between hardware — optionally the cheapest hardware's
 * cheapest options checked by core `confirmPlan` (its simulator), and the disaggregated
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
  type PlanResult,
  type PlanSlo,
  type WorkloadPreset,
} from "@infersim/core";
import { contextFor, type Context } from "./context";
import { Fields } from "./fields";
import { msOrNull } from "./format";
import type { CoreApi } from "./protocol";
import type { PairingsView, PlanParams, PlanView, ReportProgress } from "./protocol-serving";

/**
 * Hardware whose cheapest options the simulator checks when asked: the CLI's default
 * (`infersim plan --confirm 3`), so that the page and the CLI give the same plan. Options per
 * hardware: core `confirmPlan`'s default.
 */
const CONFIRM_HARDWARE = 3;
/** Seed of the workload statistics and the simulator check: the CLI's default (`--seed 1`). */
const SEED = 1;

interface Parsed {
  readonly req: Omit<PlanRequest, "hardware" | "cost"> & { readonly cost: CostBasis };
  readonly preset: WorkloadPreset;
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
  if (!model || !preset || rate === undefined) return undefined;
  const slo: PlanSlo = planSloOf(preset.slo, { ttftP99Ms: ttft, tpotP99Ms: tpot });
  const stats = workloadStats(unwrap(buildWorkload(preset, { seed: SEED, contextWindow: model.maxContext })));
  const cost: CostBasis = { kind: basis };
  const req = { model, workload: stats, rate, slo, cost, ...(engine ? { engine } : {}), ...(preset.speculative ? { speculative: preset.speculative } : {}) };
  return { preset, req };
}

/** Throw the collected issues, or return the parsed request. */
function checked(parsed: Parsed | undefined, f: Fields): Parsed {
  f.check();
  if (!parsed) throw new Error("infersim web: the plan request did not parse");
  return parsed;
}

/** Hardware with an option the simulator checked (its options may all have missed: then it is among the failures). */
const checkedHardware = (r: PlanResult) => [...new Set(r.options.filter((o) => o.confirmed).map((o) => o.hardware))];

/** Cheapest option per hardware, failures and frontiers; `confirm` adds the simulator check. */
export function plan(p: CoreApi["plan"]["req"], progress: ReportProgress): PlanView {
  const ctx = contextFor(p.plan.custom);
  const fields = new Fields();
  const parsed = parsePlan(p.plan, ctx, fields);
  const hardware = fields.list(ctx.hardware, p.hardware, "plan_hw");
  if (!p.hardware.length) fields.issues.push({ path: "plan_hw", message: "pick at least one hardware" });
  const { req, preset } = checked(parsed, fields);
  let result = corePlan({ ...req, hardware }, (done, total, id) => progress({ done, total, label: `searching ${id} (${done + 1} of ${total})` }));
  if (p.confirm) result = confirmPlan(result, { ...req, hardware }, preset, { hardware: CONFIRM_HARDWARE, seed: SEED, onProgress: (done, total, label) => progress({ done, total, label }) });
  const s = req.slo;
  return {
    model: req.model.id,
    workload: preset.id,
    rate: req.rate,
    hardware: hardware.length,
    cost: req.cost.kind,
    best: result.best,
    failures: result.failures,
    throughputFrontier: result.throughputFrontier,
    costFrontier: result.costFrontier,
    evaluated: result.evaluated,
    slo: { ttftP99Ms: msOrNull(s.ttftP99), tpotP99Ms: msOrNull(s.tpotP99), e2eP99Ms: msOrNull(s.e2eP99), minTokensPerSecondPerUser: s.minTokensPerSecondPerUser ?? null },
    confirmed: checkedHardware(result),
    confirmHardware: CONFIRM_HARDWARE,
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
  return planPairings({ ...req, prefillHardware, decodeHardware });
}
