#!/usr/bin/env node
// `npx sigil ...`: loads the TypeScript sources through tsx, with the project's tsconfig (for
// its @/ paths) wherever the command is run from. `scan` is the scanner's own CLI; `verify` and
// `install` are the client's.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const command = process.argv[2];
const { main } = await import(command === "verify" || command === "install" ? "../lib/client/cli.ts" : "../scanner/cli.ts");
process.exitCode = await main(process.argv.slice(2));
