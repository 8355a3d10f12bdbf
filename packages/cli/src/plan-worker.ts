/**
 * Worker-thread task for plan sweeps (run by piscina): evaluate every candidate on the given
 * hardware for one plan request. Arguments and results are plain data (structured clone).
 * @module
 */
import { evaluateHardware, type FrontPoint, type Hardware, type PlanOption, type PlanRequest } from "@infersim/core";

export interface PlanTask {
  readonly req: Omit<PlanRequest, "hardware">;
  readonly hardware: readonly Hardware[];
}

export default function run(task: PlanTask): { options: PlanOption[]; curves: FrontPoint[] } {
  const options: PlanOption[] = [];
  const curves: FrontPoint[] = [];
  for (const hw of task.hardware) {
    const e = evaluateHardware({ ...task.req, hardware: task.hardware }, hw);
    options.push(...e.options);
    curves.push(...e.curves);
  }
  return { options, curves };
}
