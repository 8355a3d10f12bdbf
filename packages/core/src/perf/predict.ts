/**
 * `predict`: one call from a deployment spec and a workload shape to an operating point, choosing
 * the chip count when none is given (SRAM: fewest chips that hold weights + KV; HBM: smallest TP
 * that fits).
 * @module
 */
import { fail, type Result } from "../errors.js";
import { autoSize } from "./memory-plan.js";
import { resolveDeployment, type DeploymentSpec } from "./deployment.js";
import { checkOperatingPointSpec, operatingPoint, type OperatingPoint, type OperatingPointSpec } from "./operating-point.js";

export type PredictInput = DeploymentSpec & OperatingPointSpec;

export function predict(input: PredictInput): Result<OperatingPoint> {
  const problems = checkOperatingPointSpec(input);
  if (problems.length) return fail(...problems);
  const auto = input.chips === undefined && input.tp === undefined && input.pp === undefined;
  if (auto) {
    const sizing = { batch: input.batch === "max" ? 1 : input.batch, context: input.input + input.output };
    const r = autoSize(input, sizing);
    if (!r.ok) return r;
    return operatingPoint(r.value.deployment, input);
  }
  const d = resolveDeployment(input);
  if (!d.ok) return d;
  return operatingPoint(d.value, input);
}
