import fs from "node:fs";
import path from "node:path";

/** Real source files to hold the analysis to: the rule fixtures and the scanner's own code. */
export const SOURCE_SAMPLES = [
  ...fs.readdirSync("test/fixtures/rules", { recursive: true, encoding: "utf8" }).map((f) => path.join("test/fixtures/rules", f)),
  ...fs.readdirSync("scanner", { recursive: true, encoding: "utf8" }).map((f) => path.join("scanner", f)),
].filter((f) => /\.(js|mjs|cjs|ts|tsx)$/.test(f));
