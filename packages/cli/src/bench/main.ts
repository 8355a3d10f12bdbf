/**
 * `npm run bench`: speed figures, printed (not asserted). Each section says what it measures and
 * the target from the issue it answers to, and runs in its own process, so that no figure depends
 * on what ran before it (JIT state, heap) and peak memory is that section's own.
 * `npm run bench -- quick` skips the million-request run.
 * @module
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { benchOperatingPoints } from "./operating-points.js";
import { benchPlanner } from "./planner.js";
import { benchSimulator } from "./simulator.js";

const quick = process.argv.includes("quick");
const sections: [string, () => string[]][] = [
  ["operating points (target ≥ 50,000 per second on one core)", benchOperatingPoints],
  ["planner sweep (target ≤ 2 s for the whole catalog)", benchPlanner],
  [`serving simulator (target: 1,000,000 requests ≤ 10 s, ≤ 1 GB)`, () => benchSimulator(quick ? 100_000 : 1_000_000)],
];

const only = process.argv.find((a) => a.startsWith("--section="));
if (only) {
  const [title, run] = sections[Number(only.slice("--section=".length))]!;
  console.log(`\n== ${title}`);
  for (const line of run()) console.log(`   ${line}`);
} else {
  const self = fileURLToPath(import.meta.url);
  for (let i = 0; i < sections.length; i++) execFileSync(process.execPath, [self, `--section=${i}`, ...(quick ? ["quick"] : [])], { stdio: "inherit" });
}
