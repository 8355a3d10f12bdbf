/**
 * A simulation set-up from what a user chose (CLI `simulate`, the web app's Simulate view), built
 * the same way for both: pools sized by {@link resolvePool} (chips, tp and pp omitted = the fewest
 * chips that fit), and for disaggregated serving a prefill pool and a decode pool joined by
 * {@link defaultKvLink} unless overridden. Serving is disaggregated when the mode says so or when
 * either pool is given its own hardware. The front ends only parse strings into this spec.
 * @module
 */
import { fail, issue, ok, prefixIssues, type Issue, type Result } from "../errors.js";
import type { Hardware } from "../hardware/hardware.js";
import type { Model } from "../model/model.js";
import type { Deployment, DeploymentSpec } from "../perf/deployment.js";
import type { SpeculativeSpec } from "../perf/speculative.js";
import type { REPLICA_SCHEDULERS, ServingMode } from "../sched/registry.js";
import type { Slo } from "../workload/preset-schema.js";
import type { RouterName } from "./router.js";
import { defaultKvLink, resolvePool } from "./setup.js";
import type { KvLink, SimulationConfig } from "./simulate.js";

/** Deployment fields other than hardware and model (chips, parallelism, precision, engine, limits); undefined = not given. */
export type DeploymentFields = { readonly [K in keyof Omit<DeploymentSpec, "hardware" | "model">]?: DeploymentSpec[K] | undefined };

/** One pool of disaggregated serving: fields that replace the shared ones, its own hardware, replicas. */
export interface SimPoolChoice extends DeploymentFields {
  /** Default: the set-up's `hardware`. Given: serving is disaggregated. */
  readonly hardware?: Hardware | undefined;
  /** Default 1. */
  readonly replicas?: number | undefined;
}

/** What {@link simulationSetup} takes. */
export interface SimulationChoice {
  readonly model: Model;
  /** Hardware of every replica (and of both pools unless a pool names its own). */
  readonly hardware?: Hardware | undefined;
  /** Deployment fields shared by every pool (a pool's own fields replace them). */
  readonly deployment?: DeploymentFields | undefined;
  /** Aggregated serving: replicas of the deployment. Default 1. */
  readonly replicas?: number | undefined;
  /** Default "chunked". */
  readonly mode?: ServingMode | undefined;
  readonly prefill?: SimPoolChoice | undefined;
  readonly decode?: SimPoolChoice | undefined;
  /** Disaggregated serving: fields that replace the default link's ({@link defaultKvLink}). */
  readonly link?: { readonly [K in keyof KvLink]?: KvLink[K] | undefined } | undefined;
  readonly router?: RouterName | undefined;
  readonly seed: number;
  /** Default true. */
  readonly prefixCaching?: boolean | undefined;
  readonly slo?: Slo | undefined;
  readonly speculative?: SpeculativeSpec | undefined;
  /** Static batching: longest wait for a full batch, s. */
  readonly staticMaxWait?: number | undefined;
}

/** A pool as resolved, for reports. */
export interface SimPool {
  readonly name: "main" | "prefill" | "decode";
  readonly deployment: Deployment;
  readonly replicas: number;
}

/** The simulator's config, the pools it runs, and the default link (disaggregated serving). */
export interface SimulationSetup {
  readonly config: SimulationConfig;
  readonly pools: readonly SimPool[];
  /** The link the overrides replaced (disaggregated serving only). */
  readonly defaultLink?: KvLink | undefined;
}

/** Drop undefined fields (specs are built with `exactOptionalPropertyTypes`). */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * Build the simulator's config. Issues of a pool carry its name in the path
 * (`prefill.deployment.tp`), so a front end can name the field that set it.
 */
export function simulationSetup(c: SimulationChoice): Result<SimulationSetup> {
  const disagg = c.mode === "disaggregated" || c.prefill?.hardware !== undefined || c.decode?.hardware !== undefined;
  const issues: Issue[] = [];
  const pool = (name: SimPool["name"], choice: SimPoolChoice | undefined, replicas: number): SimPool | undefined => {
    const { hardware = c.hardware, replicas: _r, ...fields } = choice ?? {};
    const at = (is: readonly Issue[]) => (name === "main" ? [...is] : prefixIssues(name, is));
    if (!hardware) {
      issues.push(...at([issue("deployment.hardware", name === "main" ? "needs hardware for every replica (or a prefill and a decode pool for disaggregated serving)" : "needs hardware: the pool's own, or that of every replica")]));
      return undefined;
    }
    const r = resolvePool({ ...(defined({ ...c.deployment, ...defined(fields) }) as Omit<DeploymentSpec, "hardware" | "model">), hardware, model: c.model });
    if (!r.ok) {
      issues.push(...at(r.issues));
      return undefined;
    }
    return { name, deployment: r.value, replicas };
  };
  const common = defined({
    seed: c.seed,
    router: c.router,
    prefixCaching: c.prefixCaching ?? true,
    speculative: c.speculative,
    slo: c.slo,
    staticMaxWait: c.staticMaxWait,
  }) as Pick<SimulationConfig, "seed" | "router" | "prefixCaching" | "speculative" | "slo" | "staticMaxWait">;
  if (!disagg) {
    const main = pool("main", undefined, c.replicas ?? 1);
    if (!main) return fail(...issues);
    const scheduler = (c.mode ?? "chunked") as (typeof REPLICA_SCHEDULERS)[number];
    return ok({ config: { ...common, deployment: main.deployment, replicas: main.replicas, scheduler }, pools: [main] });
  }
  const p = pool("prefill", c.prefill, c.prefill?.replicas ?? 1);
  const d = pool("decode", c.decode, c.decode?.replicas ?? 1);
  if (!p || !d) return fail(...issues);
  const def = defaultKvLink(p.deployment, d.deployment);
  const o = c.link ?? {};
  const link: KvLink = { bandwidth: o.bandwidth ?? def.bandwidth, latency: o.latency ?? def.latency, overhead: o.overhead ?? def.overhead, layerwise: o.layerwise ?? def.layerwise };
  return ok({
    config: { ...common, disaggregated: { prefill: { deployment: p.deployment, replicas: p.replicas }, decode: { deployment: d.deployment, replicas: d.replicas }, link } },
    pools: [p, d],
    defaultLink: def,
  });
}
