// Run the CLI as a user would (the bin npm links, bin/infersim.js, which runs dist/src/bin.js) and capture its output and exit code.
import { spawnSync } from "node:child_process";
import path from "node:path";

/** The bin npm links. */
export const bin = path.join(import.meta.dirname, "..", "bin", "infersim.js");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: path.join(import.meta.dirname, "fixtures") });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** No stack trace, no NaN, one "infersim:" line per problem. */
export function expectCleanError(r: Run) {
  if (r.code !== 2) throw new Error(`expected exit 2, got ${r.code}\n${r.stderr}\n${r.stdout}`);
  if (/\n\s+at .+:\d+:\d+/.test(r.stderr)) throw new Error(`stack trace in stderr:\n${r.stderr}`);
  if (/NaN/.test(r.stderr + r.stdout)) throw new Error(`NaN in output:\n${r.stderr}`);
}
