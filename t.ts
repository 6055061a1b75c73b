import { scanTarget } from "@/scanner/scan-target";
const r = await scanTarget(process.argv[2]!, { onProgress: (s, d) => process.stderr.write(`${s} ${d}\n`) });
console.log(r.verdict, JSON.stringify(r.summary), JSON.stringify(r.permissions.detected));
for (const f of r.findings.filter(f => f.severity !== "info").slice(0, 12)) console.log(f.severity, f.rule, `${f.file}:${f.line}`, f.message.slice(0, 100));
console.log(r.dependencies.count, r.dependencies.depth, r.dependencies.auditError);
