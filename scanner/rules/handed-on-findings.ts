import type { CapabilityKind, SourceContext } from "@/scanner/rules/rule";

type HandedKind = Extract<CapabilityKind, "exec" | "network" | "read" | "write">;

const DOES: Record<HandedKind, string> = { exec: "runs commands", network: "connects to destinations", read: "reads paths", write: "writes paths" };

/**
 * Reports each module or module function among `targets` (handedTargets) that the file hands on to
 * the files that import it (SourceContext.handedOn), or to code of its own the analysis does not
 * follow (SourceContext.escaped), with the capabilities `kindsOf` gives it: what it reaches is
 * worked out there, at run time.
 */
export function reportHandedOn(context: SourceContext, targets: ReadonlySet<string>, kindsOf: (target: string) => readonly HandedKind[]): void {
  for (const { node, target } of context.handedOn) {
    if (!targets.has(target)) continue;
    for (const kind of kindsOf(target)) context.report(node, { severity: "info", message: `Hands ${target} on to other files (${DOES[kind]} worked out at run time)`, capability: { kind } });
  }
  for (const { node, target } of context.escaped) {
    if (!targets.has(target)) continue;
    for (const kind of kindsOf(target)) context.report(node, { severity: "info", message: `Hands ${target} on where its calls are not followed (${DOES[kind]} worked out at run time)`, capability: { kind } });
  }
}
