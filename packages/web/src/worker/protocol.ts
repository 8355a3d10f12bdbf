/**
 * The messages between the page and the core worker. Every request names a method of {@link CoreApi};
 * the reply carries its result or the issues, already rendered the way the CLI prints them
 * ("message (at path)"). Only types live here, so the page bundle carries none of the core.
 * @module
 */
import type { CompareRow as CoreCompareRow, ErrorStats, PredictionRecord } from "@infersim/core";
import type { Progress, ServingApi, WorkloadInfo } from "./protocol-serving";

/** A user-supplied hardware file or model config, kept as decoded JSON (localStorage, URL). */
export interface CustomEntry {
  readonly kind: "hardware" | "model";
  /** The entry's id (hardware: the file's `id`; model: derived from the file name or `_name_or_path`). */
  readonly id: string;
  /** Where it came from (file name, "pasted", "form"). */
  readonly source: string;
  /** The decoded file: a hardware file object, a Hugging Face config.json, or a catalog model file. */
  readonly data: unknown;
}

/** The workload shape and deployment choices shared by Compare and Pareto, as typed in the form. */
export interface ShapeParams {
  readonly model: string;
  /** Weight format; empty = the model's release format. */
  readonly precision: string;
  readonly engine: string;
  /** Positive integer or "max". */
  readonly batch: string;
  readonly input: string;
  readonly output: string;
  /** Total chips; empty = the fewest that fit. */
  readonly chips: string;
}

/** One option of a picker. */
export interface PickItem {
  readonly id: string;
  readonly name: string;
  readonly group: string;
  readonly custom: boolean;
}

/** Lists for the pickers and the Catalog view. */
export interface CatalogData {
  readonly hardware: readonly HardwareInfo[];
  readonly models: readonly ModelInfo[];
  readonly dtypes: readonly string[];
  readonly engines: readonly string[];
  /** Workload presets (Simulate, Plan). */
  readonly workloads: readonly WorkloadInfo[];
  /** Hardware architecture classes (core `ARCHITECTURE_CLASSES`) and whether each keeps weights in SRAM (core `isSramClass`), for the custom-hardware form. */
  readonly classes: readonly { readonly id: string; readonly sram: boolean }[];
  /** The simulator's serving modes (core `SERVING_MODES`) and routers (core `ROUTERS`). */
  readonly servingModes: readonly string[];
  readonly routers: readonly string[];
  /** Custom entries that failed to parse (e.g. after a core schema change), rendered. */
  readonly customErrors: readonly string[];
}

/** A hardware entry as the Catalog view shows it: datasheet units, every source, estimates flagged. */
export interface HardwareInfo extends PickItem {
  readonly vendor: string;
  readonly class: string;
  readonly year: number | null;
  readonly compute: string;
  readonly memory: string;
  readonly scaleUp: string;
  readonly power: string;
  readonly prices: readonly { kind: string; value: string; date: string; source: string; estimate: boolean }[];
  readonly sources: readonly { group: string; refs: readonly string[] }[];
  readonly estimates: readonly { field: string; why: string }[];
  readonly confidence: string;
}

/** A model entry as the Catalog view shows it: published and counted parameters, config source. */
export interface ModelInfo extends PickItem {
  readonly architecture: string;
  readonly attention: string;
  readonly layers: number;
  readonly moe: string;
  readonly defaultPrecision: string;
  readonly maxContext: number;
  readonly counted: string;
  readonly published: string;
  readonly publishedSource: string;
  readonly configSource: string;
}

/** A Compare row: the core's prediction record plus ratios to the baseline (core `withRatios`). */
export type CompareRow = CoreCompareRow;

/** What Compare returns: rows with ratios, the baseline used, and hardware left out. */
export interface CompareResult {
  readonly baseline: string;
  readonly rows: readonly CompareRow[];
  /** Hardware that could not be predicted, with the reason. */
  readonly problems: readonly string[];
}

/** One point of a throughput–interactivity curve: fields of the core's prediction record, as Compare shows them. */
export type ParetoPoint = Readonly<Pick<PredictionRecord, "hardware" | "chips" | "batch" | "tokens_per_s_per_user" | "output_tokens_per_s_per_chip" | "ttft_ms" | "tpot_ms" | "cost_usd_per_mtok">>;

/** What Pareto returns: every fitting point of every sweep, and hardware left out. */
export interface ParetoResult {
  readonly points: readonly ParetoPoint[];
  readonly problems: readonly string[];
}

/** One validated row: measured against predicted. */
export interface ValidationPoint {
  readonly id: string;
  readonly metric: string;
  readonly measured: number;
  readonly predicted: number;
  readonly ape: number;
  readonly group: Readonly<Record<string, string>>;
  readonly flagged: boolean;
}

/** One validated dataset: its points, error statistics overall and per group, and notes. */
export interface ValidationDataset {
  readonly label: string;
  readonly rows: number;
  readonly points: readonly ValidationPoint[];
  /** Group-by keys available for this dataset (e.g. metric, hardware, source). */
  readonly groupBys: readonly string[];
  readonly overall: ErrorStats;
  readonly groups: Readonly<Record<string, Readonly<Record<string, ErrorStats>>>>;
  readonly notes: readonly string[];
}

/** What Validation returns: the in-sample and the out-of-fold datasets. */
export interface ValidationResult {
  readonly calibration: ValidationDataset;
  readonly outOfFold: ValidationDataset;
}

/** Every method the worker serves: request and result types. */
export interface CoreApi extends ServingApi {
  catalog: { req: { custom: readonly CustomEntry[] }; res: CatalogData };
  compare: { req: { shape: ShapeParams; hardware: readonly string[]; baseline: string; custom: readonly CustomEntry[] }; res: CompareResult };
  pareto: { req: { shape: ShapeParams; hardware: readonly string[]; custom: readonly CustomEntry[] }; res: ParetoResult };
  validation: { req: Record<string, never>; res: ValidationResult };
  parseCustom: { req: { kind: "hardware" | "model"; name: string; text: string }; res: readonly CustomEntry[] };
  csv: { req: { rows: readonly Record<string, unknown>[]; columns?: readonly string[] }; res: string };
}

/** A method name of the worker. */
export type Method = keyof CoreApi;

/** A request to the worker: a method and its parameters, with an id to match the reply. */
export interface CoreRequest<M extends Method = Method> {
  readonly id: number;
  readonly method: M;
  readonly params: CoreApi[M]["req"];
}

/** The worker's reply: the value or the rendered issues, and the time spent (ms). */
export type CoreReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown; readonly ms: number }
  | { readonly id: number; readonly ok: false; readonly errors: readonly string[]; readonly ms: number };

/** A progress report of a running request (long ones: simulate, plan). */
export interface CoreProgress {
  readonly id: number;
  readonly progress: Progress;
}

/** Anything the worker posts. */
export type CoreMessage = CoreReply | CoreProgress;
