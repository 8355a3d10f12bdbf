/**
 * Turn a Zod error into infersim {@link Issue}s: dotted path plus a message naming the bad value.
 * @module
 */
import type { z } from "zod";
import { issue, type Issue } from "../errors.js";

function pathOf(p: readonly PropertyKey[]): string {
  let s = "";
  for (const k of p) s += typeof k === "number" ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s;
}

function valueAt(input: unknown, p: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of p) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined) return "nothing";
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

/** Convert every issue of a failed `safeParse` into path + message. */
export function zodIssues(error: z.ZodError, input: unknown, prefix = ""): Issue[] {
  return error.issues.map((zi) => {
    const path = pathOf(zi.path);
    const full = prefix && path ? `${prefix}.${path}` : prefix || path;
    if (zi.code === "unrecognized_keys") {
      return issue(full, `unknown field${zi.keys.length > 1 ? "s" : ""} ${zi.keys.map((k) => JSON.stringify(k)).join(", ")}`);
    }
    const got = valueAt(input, zi.path);
    const msg = zi.message.replace(/^Invalid input: /, "");
    return issue(full, `${msg}, got ${show(got)}`);
  });
}
