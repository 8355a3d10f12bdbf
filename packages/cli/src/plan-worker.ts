/**
 * Worker-thread task for plan sweeps (run by piscina): every candidate of one plan request on one
 * hardware. Arguments and results are plain data (structured clone).
 * @module
 */
import { evaluateHardware, type FrontPoint, type Hardware, type PlanOption, type PlanRequest } from "@infersim/core";

export interface PlanTask {
  readonly req: Omit<PlanRequest, "hardware">;
  readonly hardware: Hardware;
}

export default function run(task: PlanTask): { options: PlanOption[]; curves: FrontPoint[] } {
  return evaluateHardware(task.req, task.hardware);
}
