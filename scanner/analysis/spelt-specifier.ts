import type { Node } from "@/scanner/analysis/ast";
import { Bindings, type BoundFile } from "@/scanner/analysis/bindings";
import type { IdentifierIndex } from "@/scanner/analysis/identifier-index";
import { StaticValues } from "@/scanner/analysis/static-value";

/**
 * The module names a file spells with expressions rather than literals (`require("child_" +
 * "process")`, `require(name)` with `const name = …`), where they can be worked out without
 * knowing any module: such a require loads its module as surely as a literal one, and the
 * module bindings must follow it. Its values are worked out only once asked (most files load by
 * literal alone).
 */
export function speltSpecifiers(declarations: Node[], writes: Node[], identifiers: IdentifierIndex, file: Pick<BoundFile, "program" | "source">): (specifier: Node) => string | undefined {
  let values: StaticValues | undefined;
  return (specifier) => {
    if (specifier.type === "Literal") return undefined;
    // Bindings of none: the values' own module lookups must not ask this again.
    values ??= new StaticValues(declarations, writes, new Bindings({ program: file.program, source: file.source }), identifiers);
    return values.known(specifier);
  };
}
