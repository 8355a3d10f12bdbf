/**
 * Scenario files (`infersim plan --scenario FILE.yaml`): a model, the hardware to consider, cost
 * assumptions and demand classes (workload preset, peak rate, optional average rate and SLO
 * overrides); optionally disaggregated pairings to search. Every problem is reported with its path.
 * @module
 */
import { z } from "zod";
import { hardwareCatalog, modelCatalog } from "../catalog/catalog.js";
import { fail, ok, prefixIssues, type Issue, type Result } from "../errors.js";
import type { Hardware } from "../hardware/hardware.js";
import { zodIssues } from "../io/zod-issues.js";
import { ENGINES } from "../perf/efficiency.js";
import { buildWorkload, workloadCatalog } from "../workload/presets.js";
import type { Slo } from "../workload/preset-schema.js";
import { profileMultipliers } from "../workload/arrivals.js";
import type { CostBasis } from "./cost.js";
import type { PlanSlo } from "./capacity.js";
import type { DemandClass, FleetRequest } from "./fleet.js";
import { workloadStats } from "./workload-stats.js";

const pos = z.number().positive();
const sloSchema = z.strictObject({ ttftP99Ms: pos.optional(), tpotP99Ms: pos.optional(), e2eP99Ms: pos.optional(), minTokensPerSecondPerUser: pos.optional() });

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  model: z.string().min(1),
  hardware: z.array(z.string().min(1)).min(1),
  engine: z.enum(ENGINES).optional(),
  cost: z
    .strictObject({
      basis: z.enum(["rental", "ownership", "tco"]).default("rental"),
      years: pos.optional(),
      pue: z.number().min(1).optional(),
      usdPerKwh: z.number().nonnegative().optional(),
      systemOverhead: z.number().nonnegative().optional(),
    })
    .optional(),
  classes: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        workload: z.string().min(1),
        /** LLM requests per second at peak. */
        peakRate: pos,
        averageRate: pos.optional(),
        slo: sloSchema.optional(),
      }),
    )
    .min(1),
  sensitivity: z.number().min(0).max(0.9).optional(),
  /** Disaggregated pairings to search (prefill hardware × decode hardware). */
  disaggregation: z
    .strictObject({
      prefill: z.array(z.string().min(1)).min(1),
      decode: z.array(z.string().min(1)).min(1),
      /** Chips per prefill / decode replica (default: every layout the planner tries). */
      prefillChips: z.number().int().positive().optional(),
      decodeChips: z.number().int().positive().optional(),
    })
    .optional(),
  notes: z.string().optional(),
});

export type ScenarioFile = z.input<typeof scenarioSchema>;

export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly fleet: FleetRequest;
  /** Preset ids per class (for simulator confirmation). */
  readonly workloads: Readonly<Record<string, string>>;
  readonly disaggregation?: { readonly prefill: readonly Hardware[]; readonly decode: readonly Hardware[]; readonly prefillChips?: number; readonly decodeChips?: number };
}

/** SLO bounds given in milliseconds (scenario files, CLI flags, the web form), each over the preset's. */
export interface SloOverridesMs {
  readonly ttftP99Ms?: number | undefined;
  readonly tpotP99Ms?: number | undefined;
  readonly e2eP99Ms?: number | undefined;
  readonly minTokensPerSecondPerUser?: number | undefined;
}

/**
 * A preset's SLO in the planner's form: p99 bounds (else the loosest percentile given), seconds;
 * bounds in `overrides` (ms) replace the preset's.
 */
export function planSloOf(slo: Slo | undefined, overrides: SloOverridesMs = {}): PlanSlo {
  const pick = (p?: { p50?: number | undefined; p90?: number | undefined; p99?: number | undefined }) => (p ? (p.p99 ?? p.p90 ?? p.p50) : undefined);
  const t = overrides.ttftP99Ms ?? pick(slo?.ttftMs);
  const p = overrides.tpotP99Ms ?? pick(slo?.tpotMs);
  const e = overrides.e2eP99Ms ?? pick(slo?.e2eMs);
  const speed = overrides.minTokensPerSecondPerUser ?? slo?.minTokensPerSecondPerUser;
  return {
    ...(t !== undefined ? { ttftP99: t / 1e3 } : {}),
    ...(p !== undefined ? { tpotP99: p / 1e3 } : {}),
    ...(e !== undefined ? { e2eP99: e / 1e3 } : {}),
    ...(speed !== undefined ? { minTokensPerSecondPerUser: speed } : {}),
  };
}

export function parseScenario(input: unknown, path = "scenario", seed = 1): Result<Scenario> {
  const r = scenarioSchema.safeParse(input);
  if (!r.success) return fail(...zodIssues(r.error, input, path));
  const f = r.data;
  const issues: Issue[] = [];
  const model = modelCatalog().get(f.model, `${path}.model`);
  if (!model.ok) issues.push(...model.issues);
  const hwList = (ids: readonly string[], at: string): Hardware[] =>
    ids.flatMap((id, i) => {
      const h = hardwareCatalog().get(id, `${path}.${at}[${i}]`);
      if (!h.ok) issues.push(...h.issues);
      return h.ok ? [h.value] : [];
    });
  const hardware = hwList(f.hardware, "hardware");
  const classes: DemandClass[] = [];
  const workloads: Record<string, string> = {};
  f.classes.forEach((c, i) => {
    const w = workloadCatalog().get(c.workload, `${path}.classes[${i}].workload`);
    if (!w.ok) {
      issues.push(...w.issues);
      return;
    }
    const src = buildWorkload(w.value, { seed, ...(model.ok ? { contextWindow: model.value.maxContext } : {}) });
    if (!src.ok) {
      issues.push(...prefixIssues(`${path}.classes[${i}]`, src.issues));
      return;
    }
    const stats = workloadStats(src.value);
    const preset = w.value;
    const profile = "arrival" in preset && preset.arrival && "profile" in preset.arrival && preset.arrival.profile ? profileMultipliers(preset.arrival.profile) : undefined;
    const peakOverMean = profile ? Math.max(...profile) : 1;
    classes.push({
      name: c.name,
      workload: stats,
      peakRate: c.peakRate,
      averageRate: c.averageRate ?? c.peakRate / peakOverMean,
      slo: planSloOf(preset.slo, c.slo),
    });
    workloads[c.name] = preset.id;
  });
  const fd = f.disaggregation;
  const dis = fd
    ? {
        prefill: hwList(fd.prefill, "disaggregation.prefill"),
        decode: hwList(fd.decode, "disaggregation.decode"),
        ...(fd.prefillChips !== undefined ? { prefillChips: fd.prefillChips } : {}),
        ...(fd.decodeChips !== undefined ? { decodeChips: fd.decodeChips } : {}),
      }
    : undefined;
  if (issues.length || !model.ok) return fail(...issues);
  const cost: CostBasis | undefined = f.cost
    ? f.cost.basis === "ownership"
      ? { kind: "ownership", ...(f.cost.years ? { years: f.cost.years } : {}), ...(f.cost.pue ? { pue: f.cost.pue } : {}), ...(f.cost.usdPerKwh !== undefined ? { usdPerKwh: f.cost.usdPerKwh } : {}), ...(f.cost.systemOverhead !== undefined ? { systemOverhead: f.cost.systemOverhead } : {}) }
      : { kind: f.cost.basis }
    : undefined;
  return ok({
    name: f.name,
    ...(f.description ? { description: f.description } : {}),
    fleet: { model: model.value, hardware, classes, ...(cost ? { cost } : {}), ...(f.engine ? { engine: f.engine } : {}), ...(f.sensitivity !== undefined ? { sensitivity: f.sensitivity } : {}), ...(f.cost?.pue ? { pue: f.cost.pue } : {}) },
    workloads,
    ...(dis ? { disaggregation: dis } : {}),
  });
}
