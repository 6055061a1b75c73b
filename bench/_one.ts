import fs from "node:fs";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { CODE_RULES } from "@/scanner/rules/index";
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  const a = analyzeSource(file.endsWith(".ts") ? file : "x.js", text, CODE_RULES);
  console.log(`== ${file}`);
  for (const f of a.findings) console.log(`F ${f.rule} ${f.severity} ${f.line} ${f.message.slice(0, 140)}`);
}
