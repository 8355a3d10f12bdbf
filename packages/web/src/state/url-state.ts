/**
 * The app's state, all of it in the query string so that a copied link reproduces the view:
 * `?view=compare&model=llama-3.3-70b&hw=h100-sxm,b200&baseline=h100-sxm&batch=1&input=1024…`.
 * Values stay strings as typed; the worker validates them and reports bad ones by name. Custom
 * hardware and models that the state refers to travel in `custom` (base64url JSON).
 * @module
 */
import type { CustomEntry } from "../worker/protocol";

/** Everything a view can show, by URL parameter name. */
export interface AppState {
  /** Active view id (see the view registry). */
  readonly view: string;
  readonly model: string;
  /** Selected hardware ids, in order. */
  readonly hw: readonly string[];
  /** Hardware the Compare ratios divide by (default: the first selected). */
  readonly baseline: string;
  readonly batch: string;
  readonly input: string;
  readonly output: string;
  /** Weight format; empty = the model's release format. */
  readonly precision: string;
  readonly engine: string;
  /** Total chips; empty = the fewest that fit. */
  readonly chips: string;
  /** Pareto axes: "log" or "linear". */
  readonly scale: string;
  /** Validation dataset: "calibration" or "oof". */
  readonly data: string;
  /** Validation grouping (metric, hardware, source, model, hardwareClass). */
  readonly by: string;
}

/** Defaults, declared once: the CLI's workload defaults and the README's comparison. */
export const DEFAULT_STATE: AppState = {
  view: "compare",
  model: "llama-3.3-70b",
  hw: ["h100-sxm", "h200-sxm", "b200", "mi300x", "cerebras-cs3", "groq-lpu"],
  baseline: "h100-sxm",
  batch: "1",
  input: "1024",
  output: "128",
  precision: "fp8",
  engine: "generic",
  chips: "",
  scale: "log",
  data: "calibration",
  by: "metric",
};

const KEYS = Object.keys(DEFAULT_STATE) as (keyof AppState)[];

/** Read the state from a query string; missing parameters take their defaults. */
export function readState(search: string): AppState {
  const q = new URLSearchParams(search);
  const out: Record<string, unknown> = { ...DEFAULT_STATE };
  for (const k of KEYS) {
    const v = q.get(k);
    if (v === null) continue;
    out[k] = k === "hw" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v;
  }
  return out as unknown as AppState;
}

/** The custom entries carried by a query string (none when absent or unreadable). */
export function readCustom(search: string): CustomEntry[] {
  const raw = new URLSearchParams(search).get("custom");
  if (!raw) return [];
  try {
    const bin = atob(raw.replace(/-/g, "+").replace(/_/g, "/"));
    const list: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    return Array.isArray(list) ? (list as CustomEntry[]).filter((e) => e && (e.kind === "hardware" || e.kind === "model") && typeof e.id === "string") : [];
  } catch {
    return [];
  }
}

function encodeCustom(list: readonly CustomEntry[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(list));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The query string for a state; every key is written so a link survives changed defaults. */
export function writeState(s: AppState, custom: readonly CustomEntry[] = []): string {
  const q = new URLSearchParams();
  for (const k of KEYS) q.set(k, k === "hw" ? s.hw.join(",") : s[k]);
  const used = custom.filter((c) => (c.kind === "model" ? c.id === s.model : s.hw.includes(c.id)));
  if (used.length) q.set("custom", encodeCustom(used));
  return q.toString().replace(/%2C/g, ",");
}
