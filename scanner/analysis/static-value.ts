import { isProcessEnv, type Node, propertyName } from "@/scanner/analysis/ast";
import { type Bindings, calleeTarget, unwrap } from "@/scanner/analysis/module-bindings";

const JOIN_CALLS = new Set(["path.join", "path.resolve", "path.posix.join", "path.posix.resolve"]);

/**
 * Works out the string a node evaluates to where that is possible without running anything:
 * literals, template literals, `+` concatenation, `const` names assigned once,
 * `new URL(path, base)`, and paths: `os.homedir()`, `os.userInfo().homedir` and `process.env.HOME` are `~`,
 * `path.join`/`path.resolve` join their parts. Unknown parts become `${…}`, so that what is
 * known around them can still be read.
 */
export class StaticValues {
  private readonly constants = new Map<string, Node | null>();

  /** `declarations`: the file's declarations (isDeclaration), gathered by the one pre-pass walk. */
  constructor(
    declarations: Node[],
    private readonly bindings: Bindings,
  ) {
    for (const node of declarations) {
      if (node.type !== "VariableDeclarator" || (node.id as Node).type !== "Identifier" || !node.init) continue;
      const name = (node.id as Node).name as string;
      // A name declared twice is ambiguous: treat it as unknown.
      this.constants.set(name, this.constants.has(name) ? null : (node.init as Node));
    }
  }

  /** The initialiser of a name assigned once in the file, if any. */
  constant(name: string): Node | undefined {
    return this.constants.get(name) ?? undefined;
  }

  resolve(wrapped: Node | undefined, depth = 0): string | undefined {
    if (!wrapped || depth > 8) return undefined;
    const node = unwrap(wrapped);
    switch (node.type) {
      case "Literal":
        return typeof node.value === "string" || typeof node.value === "number" ? String(node.value) : undefined;
      case "TemplateLiteral": {
        const quasis = node.quasis as Node[];
        const expressions = node.expressions as Node[];
        let out = "";
        quasis.forEach((quasi, i) => {
          out += (quasi.value as { cooked?: string; raw: string }).cooked ?? (quasi.value as { raw: string }).raw;
          if (i < expressions.length) out += this.resolve(expressions[i], depth + 1) ?? "${…}";
        });
        return out;
      }
      case "BinaryExpression": {
        if (node.operator !== "+") return undefined;
        const left = this.resolve(node.left as Node, depth + 1);
        const right = this.resolve(node.right as Node, depth + 1);
        if (left === undefined && right === undefined) return undefined;
        return `${left ?? "${…}"}${right ?? "${…}"}`;
      }
      case "Identifier": {
        const init = this.constants.get(node.name as string);
        return init ? this.resolve(init, depth + 1) : undefined;
      }
      case "NewExpression": {
        const callee = node.callee as Node;
        if (callee.type !== "Identifier" || callee.name !== "URL") return undefined;
        const [path, base] = (node.arguments as Node[]).map((arg) => this.resolve(arg, depth + 1));
        if (path === undefined) return undefined;
        try {
          return base === undefined ? path : new URL(path, base).toString();
        } catch {
          return base === undefined ? path : `${base}${path}`;
        }
      }
      case "CallExpression": {
        // ["a", "b"].join(" "): how long texts are often assembled.
        const callee = node.callee as Node;
        const joined = callee.type === "MemberExpression" && propertyName(callee) === "join" ? (callee.object as Node) : undefined;
        const array = joined?.type === "Identifier" ? this.constant(joined.name as string) : joined;
        if (array?.type === "ArrayExpression") {
          const separator = (node.arguments as Node[]).length ? this.resolve((node.arguments as Node[])[0], depth + 1) : ",";
          const parts = (array.elements as (Node | null)[]).map((element) => (element ? this.resolve(element, depth + 1) ?? "${…}" : ""));
          return parts.join(separator ?? ",");
        }
        const target = calleeTarget(callee, this.bindings);
        if (target === "os.homedir") return "~";
        if (target && JOIN_CALLS.has(target)) {
          const parts = (node.arguments as Node[]).map((arg) => this.resolve(arg, depth + 1) ?? "${…}");
          return parts.length ? parts.join("/").replace(/\/{2,}/g, "/") : undefined;
        }
        return undefined;
      }
      case "MemberExpression": {
        // process.env.HOME / USERPROFILE and os.userInfo().homedir: the home folder.
        const name = propertyName(node);
        const object = unwrap(node.object as Node);
        if (name === "homedir" && object.type === "CallExpression") return calleeTarget(object.callee as Node, this.bindings) === "os.userInfo" ? "~" : undefined;
        return isProcessEnv(object) && (name === "HOME" || name === "USERPROFILE") ? "~" : undefined;
      }
      default:
        return undefined;
    }
  }
}

/** The host of a URL-like string, when it is known (not a `${…}` placeholder). */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const match = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#:@]+@)?([^/?#:]+)/i.exec(url);
  const host = match?.[2];
  if (!host || host.includes("${…}")) return undefined;
  return host.toLowerCase();
}
