#!/usr/bin/env node
// Build the core and CLI (tsc project references) and make the CLI entry executable, so that
// `node packages/cli/dist/src/bin.js` runs directly (npm links packages/cli/bin/infersim.js, which imports it).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
try {
  execFileSync(process.execPath, [tsc, "-b", "packages/core", "packages/cli"], { cwd: root, stdio: "inherit" });
} catch (e) {
  // tsc already printed the errors; exit with its status, without a stack trace.
  process.exit(typeof e.status === "number" ? e.status : 1);
}
for (const f of ["packages/cli/dist/src/bin.js"]) fs.chmodSync(path.join(root, f), 0o755);
