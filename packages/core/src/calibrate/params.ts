/**
 * The calibrated parameters: which efficiency factors are fitted, at which level (hardware class,
 * family, engine, family × engine), within which bounds, and how strongly the prior holds them.
 * Levels follow the data: a family or engine gets its own value only when the calibration rows
 * include it; everything else keeps its class default applied to its own datasheet.
 * @module
 */
import { BUILTIN_EFFICIENCY, resolveEfficiency, type EfficiencyKey, type EfficiencyTables } from "../perf/efficiency.js";
import type { ArchitectureClass } from "../hardware/schema.js";

export type Level = "class" | "family" | "engine" | "familyEngine";

/** The factors fitted end to end (the low-precision kernel shares are set from kernel timings, `npm run fit-kernels`). */
export type FittedKey = Exclude<EfficiencyKey, "moeLowPrecision" | "moeFourBit" | "fourBitGemm">;

export interface Param {
  /** Stable name, e.g. `family:nvidia-hopper:gemmMax`. */
  readonly key: string;
  readonly level: Level;
  /** Class ids (a param may cover several classes), family, engine, or `family/engine`. */
  readonly scopes: readonly string[];
  readonly name: FittedKey;
  readonly prior: number;
  readonly lo: number;
  readonly hi: number;
  /** Prior strength: standard deviation of log(value / prior). */
  readonly sigma: number;
}

/** Bounds and prior widths per fitted factor (fractions ≤ 1; latencies in seconds; kvBlockBandwidth in bytes/s). */
const SHAPE: Readonly<Record<FittedKey, { lo: number; hi: number; sigma: number }>> = {
  gemmMax: { lo: 0.2, hi: 0.98, sigma: 0.3 },
  // Tile padding: a GEMM of M rows costs about as much as one of a tile's rows (64–128 on tensor cores).
  gemmMHalf: { lo: 8, hi: 64, sigma: 1.0 },
  lowPrecisionGemm: { lo: 0.4, hi: 1.0, sigma: 0.3 },
  attnPrefill: { lo: 0.1, hi: 0.95, sigma: 0.5 },
  memory: { lo: 0.3, hi: 0.97, sigma: 0.3 },
  kvRead: { lo: 0.2, hi: 0.97, sigma: 0.5 },
  // One thread block's streaming rate (bytes/s); only rows with serial decode attention see it.
  kvBlockBandwidth: { lo: 5e9, hi: 5e11, sigma: 1.0 },
  opLatency: { lo: 1e-7, hi: 2e-5, sigma: 1.0 },
  layerOverhead: { lo: 1e-7, hi: 2e-4, sigma: 1.5 },
  stepOverhead: { lo: 1e-5, hi: 2e-2, sigma: 1.5 },
  // A per-layer fixed time like layerOverhead: the same bounds and prior width.
  prefillLayerOverhead: { lo: 1e-7, hi: 2e-4, sigma: 1.5 },
  seqOverhead: { lo: 1e-8, hi: 1e-4, sigma: 2.0 },
  comm: { lo: 0.1, hi: 1.0, sigma: 0.5 },
  commLatency: { lo: 1e-7, hi: 5e-5, sigma: 1.0 },
  moeImbalance: { lo: 1.0, hi: 3.0, sigma: 0.3 },
  rooflineSharpness: { lo: 1, hi: 64, sigma: 1.0 },
};

const HBM_CLASSES: readonly ArchitectureClass[] = ["gpu-hbm", "asic-hbm", "rdu-hybrid"];

export interface RowScope {
  readonly hardwareClass: ArchitectureClass;
  readonly family: string;
  readonly engine: string;
}

function param(level: Level, scopes: readonly string[], name: FittedKey, cls: ArchitectureClass, family: string, engine: string): Param {
  const prior = resolveEfficiency(cls, family, engine as never, { priors: BUILTIN_EFFICIENCY.priors, fit: { classes: {}, families: {}, engines: {}, familyEngines: {} } })[name];
  const s = SHAPE[name];
  return { key: `${level}:${scopes.join("+")}:${name}`, level, scopes, name, prior: Math.min(s.hi, Math.max(s.lo, prior)), lo: s.lo, hi: s.hi, sigma: s.sigma };
}

/**
 * The parameter set for rows with these scopes:
 * - shared by HBM classes: GEMM small-M half point, low-precision factor, prefill-attention and
 *   KV-read efficiency, collective efficiency and latency, MoE imbalance;
 * - per family (with rows): large-M GEMM efficiency and weight-streaming efficiency;
 * - per engine (TensorRT-LLM, vLLM, …): per-step and per-layer overheads; the "vendor" engine per family;
 * - SRAM families: per-layer latency and small-batch GEMM half point.
 */
export function buildParams(rows: readonly RowScope[], minRows = 3): Param[] {
  const count = (f: (r: RowScope) => boolean) => rows.filter(f).length;
  const out: Param[] = [];
  const hbm = rows.filter((r) => HBM_CLASSES.includes(r.hardwareClass));
  if (hbm.length) {
    const ref = hbm[0]!;
    for (const name of ["gemmMHalf", "lowPrecisionGemm", "attnPrefill", "kvRead", "kvBlockBandwidth", "comm", "commLatency", "moeImbalance", "rooflineSharpness"] as const) {
      out.push(param("class", HBM_CLASSES, name, ref.hardwareClass, ref.family, ref.engine));
    }
  }
  const families = [...new Set(rows.map((r) => `${r.hardwareClass}|${r.family}`))].sort();
  for (const fc of families) {
    const [cls, fam] = fc.split("|") as [ArchitectureClass, string];
    if (count((r) => r.family === fam) < minRows) continue;
    if (HBM_CLASSES.includes(cls)) {
      out.push(param("family", [fam], "gemmMax", cls, fam, "generic"));
      out.push(param("family", [fam], "memory", cls, fam, "generic"));
    } else {
      out.push(param("family", [fam], "layerOverhead", cls, fam, "vendor"));
      out.push(param("family", [fam], "gemmMHalf", cls, fam, "vendor"));
    }
  }
  const engines = [...new Set(hbm.map((r) => r.engine))].sort();
  for (const e of engines) {
    if (e === "vendor") {
      for (const fam of [...new Set(hbm.filter((r) => r.engine === "vendor").map((r) => r.family))].sort()) {
        if (count((r) => r.engine === "vendor" && r.family === fam) < minRows) continue;
        const ref = hbm.find((r) => r.family === fam)!;
        out.push(param("familyEngine", [`${fam}/vendor`], "stepOverhead", ref.hardwareClass, fam, "vendor"));
        out.push(param("familyEngine", [`${fam}/vendor`], "layerOverhead", ref.hardwareClass, fam, "vendor"));
      }
      continue;
    }
    if (count((r) => r.engine === e) < minRows) continue;
    const ref = hbm.find((r) => r.engine === e)!;
    out.push(param("engine", [e], "stepOverhead", ref.hardwareClass, ref.family, e));
    out.push(param("engine", [e], "layerOverhead", ref.hardwareClass, ref.family, e));
    out.push(param("engine", [e], "prefillLayerOverhead", ref.hardwareClass, ref.family, e));
    out.push(param("engine", [e], "seqOverhead", ref.hardwareClass, ref.family, e));
  }
  return out;
}

/** Efficiency tables with the priors and these parameter values as the fit. */
export function tablesFor(params: readonly Param[], values: readonly number[]): EfficiencyTables {
  const fit = { classes: {} as Record<string, Record<string, number>>, families: {} as Record<string, Record<string, number>>, engines: {} as Record<string, Record<string, number>>, familyEngines: {} as Record<string, Record<string, number>> };
  params.forEach((p, i) => {
    const bucket = p.level === "class" ? fit.classes : p.level === "family" ? fit.families : p.level === "engine" ? fit.engines : fit.familyEngines;
    for (const s of p.scopes) (bucket[s] ??= {})[p.name] = values[i]!;
  });
  return { priors: BUILTIN_EFFICIENCY.priors, fit };
}

/** Does parameter `p` affect a row with this scope? */
export function affects(p: Param, r: RowScope): boolean {
  switch (p.level) {
    case "class":
      return p.scopes.includes(r.hardwareClass);
    case "family":
      return p.scopes.includes(r.family);
    case "engine":
      return p.scopes.includes(r.engine);
    case "familyEngine":
      return p.scopes.includes(`${r.family}/${r.engine}`);
  }
}
