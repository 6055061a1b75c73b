import type { Node } from "@/scanner/analysis/ast";
import { type Bindings, calleeTarget } from "@/scanner/analysis/module-bindings";

/** Whether a callee is stream's `pipeline` (`stream.pipeline`, `stream/promises.pipeline`, under any name), which pipes its first stream through to its last. */
export const isStreamPipeline = (callee: Node, bindings: Bindings) => /(?:^|\.)pipeline$/.test(calleeTarget(callee, bindings) ?? "");
