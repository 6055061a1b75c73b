import v8 from "node:v8";
import vm from "node:vm";

/**
 * The heap a scan process may use: a scan holds one file's AST at a time, and a 10 MB bundle of
 * dense data (millions of literals) needs well over a gigabyte. A scan that needs more stops.
 */
export const SCANNER_HEAP_MB = 2048;

/** Node's flags for a scanner process: the registry's workers and the benchmark start scans with them. */
export const SCANNER_NODE_FLAGS = [`--max-old-space-size=${SCANNER_HEAP_MB}`];

// V8 grows its heap rather than collect while there is room, and the analysis of hundreds of
// dependencies, one after another, leaves hundreds of MB of dead ASTs behind. Collecting once
// the heap passes this keeps a scan of the largest real servers under 512 MB of RSS.
const COLLECT_ABOVE_BYTES = 160 * 1024 * 1024;
// When what survives a collection is itself large, the next one waits until the heap has grown
// by half again: a scan whose live data is big must not collect after every dependency.
let nextCollectionAt = COLLECT_ABOVE_BYTES;

let gc: (() => void) | undefined;

function collect(): void {
  if (!gc) {
    // The documented way to reach V8's collector without starting Node with --expose-gc.
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  gc();
  nextCollectionAt = Math.max(COLLECT_ABOVE_BYTES, process.memoryUsage().heapUsed * 1.5);
}

/** Collects garbage when the heap has grown past the threshold; cheap to call often. */
export function collectGarbageIfLarge(): void {
  if (process.memoryUsage().heapUsed >= nextCollectionAt) collect();
}

// A dependency's tarball of more than this unpacks to tens of MB and often holds bundles of
// several MB, whose ASTs are a scan's largest allocations. Collecting what the packages before
// it left behind, first, keeps the peak down: desktop-commander's scan (its exceljs, pdf-lib,
// sharp binaries) peaked at 432-465 MB in six runs, against 464-550 MB without, in as long as
// ever (the step's time varies more from run to run).
const LARGE_TARBALL_BYTES = 1024 * 1024;

/** Makes room before a dependency's tarball is read and analysed, if the tarball is large. */
export function makeRoomForTarball(bytes: number): void {
  if (bytes > LARGE_TARBALL_BYTES) collect();
}
