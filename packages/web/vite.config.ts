/**
 * Vite config for the infersim web app: React, the core imported from its TypeScript source
 * (`@infersim/core` → packages/core/src/index.ts), the core run in an ES-module Web Worker, and a
 * static build with relative URLs (it can be served from any folder).
 * @module
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = (p: string) => decodeURIComponent(new URL(p, import.meta.url).pathname);

/** Drop one known third-party warning (hdr-histogram-js's direct eval); pass on the rest. */
function quiet(level: "info" | "warn" | "debug", log: { code?: string; id?: string; message: string }, pass: (level: never, log: never) => void) {
  if (log.code === "EVAL" && (log.id ?? log.message).includes("hdr-histogram-js")) return;
  pass(level as never, log as never);
}

export default defineConfig({
  root: here("."),
  base: "./",
  plugins: [react()],
  resolve: { alias: { "@infersim/core": here("../core/src/index.ts") } },
  worker: { format: "es" },
  // The validation view imports data/*.csv from the repository root.
  server: { fs: { allow: [here("../..")] } },
  build: {
    outDir: here("dist"),
    emptyOutDir: true,
    // The worker carries the catalogs and the measurement CSV (~1.2 MB); that is expected.
    chunkSizeWarningLimit: 2500,
    rolldownOptions: { onLog: quiet },
  },
});
