/**
 * The workload shape from the form or the URL (strings) into a predict input, every bad value
 * reported with the field's name as its path, in the CLI's words (`batch must be a positive
 * integer or "max", got "x" (at batch)`).
 * @module
 */
import { DTYPES, ENGINES, InputError, issue, parseDtype, type Engine, type Issue, type Model, type PredictInput, type Registry } from "@infersim/core";
import type { ShapeParams } from "./protocol";

/** Everything of a predict input except the hardware. */
export type ShapeInput = Omit<PredictInput, "hardware">;

function int(issues: Issue[], path: string, raw: string, min: number): number | undefined {
  const v = Number(raw.trim());
  if (raw.trim() === "" || !Number.isInteger(v) || v < min) {
    issues.push(issue(path, `${path} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`));
    return undefined;
  }
  return v;
}

/** Parse the shape; throws an `InputError` with every problem. */
export function parseShape(s: ShapeParams, models: Registry<Model>): ShapeInput {
  const issues: Issue[] = [];
  const m = models.get(s.model, "model");
  if (!m.ok) issues.push(...m.issues);
  const batchRaw = s.batch.trim().toLowerCase();
  const batch = batchRaw === "max" ? "max" : int(issues, "batch", s.batch, 1);
  const input = int(issues, "input", s.input, 0);
  const output = int(issues, "output", s.output, 1);
  const chips = s.chips.trim() === "" ? undefined : int(issues, "chips", s.chips, 1);
  const weightDtype = s.precision.trim() === "" ? undefined : parseDtype(s.precision);
  if (s.precision.trim() !== "" && !weightDtype) issues.push(issue("precision", `precision must be one of ${DTYPES.join(", ")}, got ${JSON.stringify(s.precision)}`));
  const engine = (ENGINES as readonly string[]).includes(s.engine) ? (s.engine as Engine) : undefined;
  if (!engine) issues.push(issue("engine", `engine must be one of ${ENGINES.join(", ")}, got ${JSON.stringify(s.engine)}`));
  if (issues.length || !m.ok || batch === undefined || input === undefined || output === undefined || !engine) throw new InputError(issues);
  return {
    model: m.value,
    batch,
    input,
    output,
    engine,
    ...(weightDtype ? { weightDtype } : {}),
    ...(chips !== undefined ? { chips } : {}),
  };
}
