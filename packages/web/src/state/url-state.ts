/**
 * The app's state in the query string, so that a copied link reproduces the view:
 * `?view=compare&model=llama-3.3-70b&hw=h100-sxm,b200&baseline=h100-sxm&batch=1&input=1024…`.
 * Shared parameters are always written, a view's own parameters (Simulate, Plan) while it is
 * shown (see {@link SCOPE}). Custom hardware and models that the state refers to travel in
 * `custom` (base64url JSON).
 * @module
 */
import type { CustomEntry } from "../worker/protocol";
import { DEFAULT_STATE, LIST_KEYS, SCOPE, hardwareIds, type AppState } from "./app-state";

export { DEFAULT_STATE, type AppState } from "./app-state";

const KEYS = Object.keys(DEFAULT_STATE) as (keyof AppState)[];

/** Read the state from a query string; missing parameters take their defaults. */
export function readState(search: string): AppState {
  const q = new URLSearchParams(search);
  const out: Record<string, unknown> = { ...DEFAULT_STATE };
  for (const k of KEYS) {
    const v = q.get(k);
    if (v === null) continue;
    out[k] = LIST_KEYS.has(k) ? v.split(",").map((s) => s.trim()).filter(Boolean) : v;
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

/** The query string for a state; every key of the view is written so a link survives changed defaults. */
export function writeState(s: AppState, custom: readonly CustomEntry[] = []): string {
  const q = new URLSearchParams();
  for (const k of KEYS) {
    const scope = SCOPE[k];
    if (scope !== undefined && scope !== s.view) continue;
    const v = s[k];
    q.set(k, typeof v === "string" ? v : v.join(","));
  }
  const hw = hardwareIds(s);
  const used = custom.filter((c) => (c.kind === "model" ? c.id === s.model : hw.includes(c.id)));
  if (used.length) q.set("custom", encodeCustom(used));
  return q.toString().replace(/%2C/g, ",");
}
