import { scanTarget } from "@/scanner/scan-target";
import { tuneForScanning } from "@/scanner/scanner-process";
tuneForScanning();
const report = await scanTarget(process.argv[2]!, {});
for (const f of report.findings) console.log(`${process.argv[2]!.split("/").at(-1)} ${f.viaDependency ?? "-"} ${f.rule} ${f.severity} ${f.file}:${f.line} ${f.message.slice(0, 160)}`);
