import fs from "node:fs";
import path from "node:path";

/** The files of a package, by path relative to its root, and their bytes. */
export interface PackageFiles {
  list: { path: string; size: number }[];
  read(file: string): Buffer;
}

/** Files held in memory, as an archive was read: nothing is read back from disk. */
export function filesInMemory(contents: Map<string, Buffer>): PackageFiles {
  return {
    list: [...contents].map(([file, data]) => ({ path: file, size: data.length })),
    read: (file) => contents.get(file) ?? Buffer.alloc(0),
  };
}

/** Files of a package folder on disk. */
export function filesOnDisk(root: string, list: { path: string; size: number }[]): PackageFiles {
  return { list, read: (file) => fs.readFileSync(path.join(root, file)) };
}
