import fs from "node:fs";
import { analyzeText } from "@/scanner/analysis/analyze-text";
import { TEXT_RULES } from "@/scanner/rules/index";
for (const file of process.argv.slice(2)) for (const f of analyzeText(file, fs.readFileSync(file, "utf8"), TEXT_RULES)) console.log(`T ${file} ${f.rule} ${f.severity} ${f.line} ${f.message.slice(0, 120)}`);
