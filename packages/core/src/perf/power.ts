/**
 * Power at an operating point: idle power plus the span to TDP weighted by how hard the step
 * drives compute and memory — not TDP × time. Memory-bound decode draws well below TDP.
 *
 * activity = min(1, u_compute / U_COMPUTE_FULL + K_MEMORY · u_memory)
 * power    = idle + (tdp − idle) · activity
 *
 * Calibrated to SplitwiseSim's measured H100 phase powers (prompt 700 W, token 380 W, idle 75 W;
 * Patel et al., ISCA 2024, github.com/Mutinifni/splitwise-sim): prefill at ~70% of peak FLOP/s
 * reaches TDP; bandwidth-bound decode at ~80% of peak bandwidth draws ≈ 380 W.
 * @module
 */
import { assert } from "../errors.js";
import { peak16, weightStore, type Hardware } from "../hardware/hardware.js";
import { watts, type Watts } from "../units.js";
import type { StepCost } from "./step-cost.js";

/** Compute utilisation (of 16-bit dense peak) at which a chip reaches TDP. */
export const U_COMPUTE_FULL = 0.7;
/** Activity per unit of memory-bandwidth utilisation: (380 − 75)/(700 − 75)/0.8 ≈ 0.61. */
export const K_MEMORY = 0.61;

/** Average power per chip over a step. */
export function stepPower(hw: Hardware, s: StepCost): Watts {
  const t = s.time;
  if (!(t > 0)) return hw.power.idle;
  // Utilisation against the same peak and store bandwidth the step cost uses.
  const store = weightStore(hw);
  assert(store, () => `stepPower: ${hw.id} has no memory that holds weights`);
  const uc = s.flopsPerChip / (peak16(hw) * t);
  const um = s.bytesPerChip / (store.bandwidth * t);
  const activity = Math.min(1, uc / U_COMPUTE_FULL + K_MEMORY * um);
  return watts(hw.power.idle + (hw.power.tdp - hw.power.idle) * activity);
}
