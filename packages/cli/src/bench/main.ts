/**
 * `npm run bench`: speed figures, printed (not asserted). Each section says what it measures and
 * the target from the issue it answers to.
 * @module
 */
import { benchOperatingPoints } from "./operating-points.js";

const sections: [string, () => string[]][] = [["operating points (target ≥ 50,000 per second on one core)", benchOperatingPoints]];

for (const [title, run] of sections) {
  console.log(`\n== ${title}`);
  for (const line of run()) console.log(`   ${line}`);
}
