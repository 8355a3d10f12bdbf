import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests import the core's TypeScript source directly (no build needed).
export default defineConfig({
  resolve: {
    alias: { "@infersim/core": fileURLToPath(new URL("./packages/core/src/index.ts", import.meta.url)) },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
