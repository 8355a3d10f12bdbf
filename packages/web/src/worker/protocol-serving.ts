/**
 * Messages of the serving views (Simulate and Plan): the form's values as typed (strings, checked
 * in the worker), the progress a long computation reports, and the results as the views draw
 * them. Only types live here, so the page bundle carries none of the core.
 * @module
 */
import type { FrontPoint, PairingPlan, PlanFailure, PlanOption, SimulationReport } from "@infersim/core";
import type { CustomEntry } from "./protocol";

/** How far a long computation has come: `done` of `total` units, in words. */
export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

/** How a worker handler reports its progress (throttled by the worker). */
export type ReportProgress = (p: Progress) => void;

/** A workload preset as the pickers show it. */
export interface WorkloadInfo {
  readonly id: string;
  readonly name: string;
  readonly kind: "requests" | "sessions";
  readonly description: string;
  /** The preset's mean arrival rate (requests/s, or session starts/s); null for closed loops. */
  readonly rate: number | null;
  /** Plan defaults from the preset's SLO (core `planSloOf`), ms; null when the preset sets none. */
  readonly ttftP99Ms: number | null;
  readonly tpotP99Ms: number | null;
}

/** Simulate's form, as typed; empty strings mean "default". */
export interface SimParams {
  readonly model: string;
  readonly precision: string;
  readonly engine: string;
  readonly hardware: string;
  readonly chips: string;
  readonly tp: string;
  readonly pp: string;
  readonly workload: string;
  readonly rate: string;
  readonly requests: string;
  readonly duration: string;
  readonly replicas: string;
  /** A core serving mode: continuous, chunked, static or disaggregated. */
  readonly scheduler: string;
  readonly router: string;
  readonly seed: string;
  readonly prefix: boolean;
  readonly diurnal: boolean;
  /** Disaggregated only: pools (hardware empty = the main hardware) and the KV link. */
  readonly prefillHardware: string;
  readonly prefillChips: string;
  readonly prefillReplicas: string;
  readonly decodeHardware: string;
  readonly decodeChips: string;
  readonly decodeReplicas: string;
  readonly linkGbps: string;
  readonly linkLatencyUs: string;
  readonly layerwise: boolean;
  readonly custom: readonly CustomEntry[];
}

/** A pool the simulation ran: its hardware, size and parallelism. */
export interface PoolInfo {
  readonly name: "main" | "prefill" | "decode";
  readonly hardware: string;
  readonly chips: number;
  readonly tp: number;
  readonly pp: number;
  readonly replicas: number;
  readonly weights: string;
}

/** The KV link of a disaggregated run, with the core's default beside what was used. */
export interface LinkInfo {
  readonly gbps: number;
  readonly latencyUs: number;
  readonly overheadUs: number;
  readonly layerwise: boolean;
  readonly defaultGbps: number;
  readonly defaultLatencyUs: number;
}

/** What Simulate returns: the core's report (without a trace), the pools and the link. */
export interface SimResult {
  readonly report: Omit<SimulationReport, "trace">;
  readonly pools: readonly PoolInfo[];
  readonly link: LinkInfo | null;
  /** The model and workload simulated (ids). */
  readonly model: string;
  readonly workload: string;
  /** Prefix caching was on. */
  readonly prefix: boolean;
  /** The arrival rate used (null: closed loop). */
  readonly rate: number | null;
}

/** The planner's request, as typed. */
export interface PlanParams {
  readonly model: string;
  readonly engine: string;
  readonly workload: string;
  /** Demand, LLM requests/s. */
  readonly rate: string;
  /** Empty: the preset's bound. */
  readonly ttftP99Ms: string;
  readonly tpotP99Ms: string;
  readonly cost: string;
  readonly custom: readonly CustomEntry[];
}

/** What Plan returns: the cheapest option per hardware, failures, and both Pareto frontiers. */
export interface PlanView {
  /** What was planned: model and workload ids, demand (req/s), hardware searched. */
  readonly model: string;
  readonly workload: string;
  readonly rate: number;
  readonly hardware: number;
  /** Cost basis priced: rental or ownership. */
  readonly cost: string;
  readonly best: readonly PlanOption[];
  /** Hardware without an option: none meets the SLO, or (`unpriced`) those that do have no price on the basis. */
  readonly failures: readonly PlanFailure[];
  readonly throughputFrontier: readonly FrontPoint[];
  readonly costFrontier: readonly FrontPoint[];
  readonly evaluated: number;
  /** The SLO planned for, ms (after defaults). */
  readonly slo: { readonly ttftP99Ms: number | null; readonly tpotP99Ms: number | null; readonly e2eP99Ms: number | null; readonly minTokensPerSecondPerUser: number | null };
  /** Hardware with an option checked by the simulator (empty unless asked). */
  readonly confirmed: readonly string[];
  /** How many of the cheapest hardware the simulator check covers when asked. */
  readonly confirmHardware: number;
}

/** What Pairings returns: core `planPairings`' result — the best pools per prefill × decode hardware, the verdict, and the pairings that could not be formed. */
export type PairingsView = Omit<PairingPlan, "best">;

/** The methods of the serving views. */
export interface ServingApi {
  simulate: { req: SimParams; res: SimResult };
  plan: { req: { plan: PlanParams; hardware: readonly string[]; confirm: boolean }; res: PlanView };
  pairings: { req: { plan: PlanParams; prefill: readonly string[]; decode: readonly string[] }; res: PairingsView };
}
