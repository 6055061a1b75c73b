/** The modules whose functions read and write files, as calleeTarget names them (a module's `default` is the module itself, so `fs_1.default.readFileSync` is fs.readFileSync). */
export const FILE_MODULES = ["fs", "fs/promises", "fs.promises", "fs-extra", "graceful-fs"];
