#!/usr/bin/env node
// The command npm links at install time, before `prepare` has built dist/: it runs the built CLI.
try {
  await import("../dist/src/bin.js");
} catch (e) {
  if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("dist/src/bin.js")) {
    process.stderr.write("infersim: the CLI is not built yet; run `npm ci` (or `npm run build`) at the repository root\n");
    process.exit(1);
  }
  throw e;
}
