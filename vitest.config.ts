import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    pool: "forks",
    maxWorkers: 2,
    projects: [
      // No database and no build: pure functions, and the scanner (which may reach the npm registry).
      // Each project sets its own timeouts (projects do not inherit the root's): with vitest's
      // default 5 s, a CLI test that spawns two scans timed out on a busy machine.
      { resolve: { alias }, test: { name: "standalone", include: ["test/unit/**/*.test.ts", "test/scanner/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 300_000 } },
      // Against real PostgreSQL servers and the built app, prepared once by the global setup.
      {
        resolve: { alias },
        test: {
          name: "system",
          include: ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          setupFiles: ["test/support/signing-key.ts"],
          testTimeout: 30_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
