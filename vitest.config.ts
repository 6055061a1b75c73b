import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
    projects: [
      // No database and no build: pure functions, and the scanner (which may reach the npm registry).
      { resolve: { alias }, test: { name: "standalone", include: ["test/unit/**/*.test.ts", "test/scanner/**/*.test.ts"] } },
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
