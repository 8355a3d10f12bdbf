#!/usr/bin/env node
// Build the core and CLI (tsc project references) and make the CLI entry executable, so that
// `npx infersim` works right after `npm ci` (npm links bins before `prepare` builds them).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
execFileSync(process.execPath, [tsc, "-b", "packages/core", "packages/cli"], { cwd: root, stdio: "inherit" });
for (const f of ["packages/cli/dist/src/bin.js"]) fs.chmodSync(path.join(root, f), 0o755);
