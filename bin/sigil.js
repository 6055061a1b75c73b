#!/usr/bin/env node
// `npx sigil ...`: loads the TypeScript sources through tsx, with the project's tsconfig (for
// its @/ paths) wherever the command is run from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { main } = await import("../scanner/cli.ts");
process.exitCode = await main(process.argv.slice(2));
