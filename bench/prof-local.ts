import fs from "node:fs";
import inspector from "node:inspector/promises";
import { parseSource } from "@/scanner/analysis/parse-source";
import { scanTarget } from "@/scanner/scan-target";
import { tuneForScanning } from "@/scanner/scanner-process";
tuneForScanning();
parseSource("warm-up.js", "let x = 1;");
const [target, out] = process.argv.slice(2) as [string, string];
const session = new inspector.Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
class Stop extends Error {}
let started: Promise<unknown> | undefined;
let stopped: Promise<{ profile: unknown }> | undefined;
try {
  await scanTarget(target, {
    dependencyCode: false,
    onProgress: (stage) => {
      if (stage === "extracting") started = session.post("Profiler.start");
      if (stage === "auditing") { stopped = session.post("Profiler.stop") as Promise<{ profile: unknown }>; throw new Stop(); }
    },
  });
} catch (e) { if (!(e instanceof Stop)) throw e; }
await started;
fs.writeFileSync(out, JSON.stringify((await stopped!).profile));
