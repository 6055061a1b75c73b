// Plain JavaScript so that a worker thread can run it without the TypeScript loader. It only
// creates folders and regular files at paths the caller has checked, never a link.
import fs from "node:fs";
import { isMainThread, parentPort, workerData } from "node:worker_threads";

/**
 * Creates `folders` (parents first), then writes each file, refusing to replace anything.
 * @param {string[]} folders absolute paths
 * @param {[target: string, relative: string, data: Uint8Array][]} files
 * @returns {string[]} the relative paths of the files that could not be written
 */
export function writeFiles(folders, files) {
  for (const folder of folders) fs.mkdirSync(folder, { recursive: true, mode: 0o755 });
  const failed = [];
  for (const [target, relative, data] of files) {
    try {
      fs.writeFileSync(target, data, { mode: 0o644, flag: "wx" });
    } catch {
      failed.push(relative);
    }
  }
  return failed;
}

if (!isMainThread && workerData?.task === "write-files") parentPort?.postMessage(writeFiles(workerData.folders, workerData.files));
