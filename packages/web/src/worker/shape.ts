/**
 * The workload shape from the form or the URL (strings) into a predict input, every bad value
 * reported with the field's name as its path, in the CLI's words (core `Fields`: `input must be an
 * integer ≥ 0, got "1e3" (at input)`). Batch, input, output and engine are required; chips and
 * precision may be empty (the fewest chips that fit; the model's release format).
 * @module
 */
import { ENGINES, Fields, type Model, type PredictInput, type Registry } from "@infersim/core";
import type { ShapeParams } from "./protocol";

/** Everything of a predict input except the hardware. */
export type ShapeInput = Omit<PredictInput, "hardware">;

/** An optional field: empty = not given. */
const optional = (raw: string) => (raw.trim() === "" ? undefined : raw);

/** Parse the shape; throws an `InputError` with every problem. */
export function parseShape(s: ShapeParams, models: Registry<Model>): ShapeInput {
  const f = new Fields({ blank: "invalid" });
  const model = f.pick(models, s.model, "model");
  const batch = s.batch.trim().toLowerCase() === "max" ? "max" : f.int("batch", s.batch, 1);
  const input = f.int("input", s.input, 0);
  const output = f.int("output", s.output, 1);
  const chips = f.int("chips", optional(s.chips), 1);
  const weightDtype = f.dtype("precision", optional(s.precision));
  const engine = f.oneOf("engine", s.engine, ENGINES);
  f.check();
  if (!model || batch === undefined || input === undefined || output === undefined || !engine) throw new Error("unreachable: issues were reported");
  return {
    model,
    batch,
    input,
    output,
    engine,
    ...(weightDtype ? { weightDtype } : {}),
    ...(chips !== undefined ? { chips } : {}),
  };
}
