import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // Database suites share one PostgreSQL per backend; each test file gets its own database.
    testTimeout: 30_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
