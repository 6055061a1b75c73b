import fs from "node:fs";
import { analysePackageFiles } from "@/scanner/analyse-package-files";
import { readTarball } from "@/scanner/extract/read-tarball";
import { filesInMemory } from "@/scanner/package-files";
import { entryPoints } from "@/scanner/target/entry-points";
const out: string[] = [];
for (const tgz of fs.readdirSync("/tmp/all").sort()) {
  const archive = await readTarball(fs.readFileSync(`/tmp/all/${tgz}`));
  const a = analysePackageFiles(filesInMemory(archive.files), entryPoints(JSON.parse(archive.files.get("package.json")!.toString("utf8"))));
  for (const f of a.findings) out.push(`${tgz} F ${f.rule} ${f.severity} ${f.file}:${f.line} ${f.message}`);
  for (const c of a.capabilities) out.push(`${tgz} C ${c.kind} ${c.value ?? ""} ${c.file}:${c.line}`);
  for (const t of a.tools) out.push(`${tgz} T ${JSON.stringify(t)}`);
}
fs.writeFileSync(process.env.OUT!, out.sort().join("\n") + "\n");
