/** Creates `folders` (absolute, parents first), then writes each file without replacing anything; returns the relative paths that could not be written. */
export function writeFiles(folders: string[], files: [target: string, relative: string, data: Uint8Array][]): string[];
