/**
 * `npm run bench`: speed figures, printed (not asserted). Each section says what it measures and
 * the target from the issue it answers to. `npm run bench -- quick` skips the million-request run.
 * @module
 */
import { benchOperatingPoints } from "./operating-points.js";
import { benchPlanner } from "./planner.js";
import { benchSimulator } from "./simulator.js";

const quick = process.argv.includes("quick");
const sections: [string, () => string[]][] = [
  ["operating points (target ≥ 50,000 per second on one core)", benchOperatingPoints],
  ["planner sweep (target ≤ 2 s for the whole catalog)", benchPlanner],
  [`serving simulator (target: 1,000,000 requests ≤ 10 s, ≤ 1 GB)`, () => benchSimulator(quick ? 100_000 : 1_000_000)],
];

for (const [title, run] of sections) {
  console.log(`\n== ${title}`);
  for (const line of run()) console.log(`   ${line}`);
}
