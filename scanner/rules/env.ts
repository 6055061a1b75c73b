import { isProcessEnv, keyName, type Node, propertyName } from "@/scanner/analysis/ast";
import type { CodeRule } from "@/scanner/rules/rule";

const ITERATORS = new Set(["keys", "entries", "values"]);

/** Environment variables read, by name; reads of the whole environment are flagged by how risky they are. */
export const envRule: CodeRule = {
  id: "env",
  category: "env",
  types: ["MemberExpression"],
  keeps: (node) => isProcessEnv(node) || isProcessEnv(node.object as Node),
  visitor(context) {
    return {
      node: (node, parent) => {
        // process.env.NAME / process.env["NAME"]
        if (node.type === "MemberExpression" && isProcessEnv(node.object as Node)) {
          const name = propertyName(node);
          context.report(node, {
            severity: "info",
            message: name ? `Reads the environment variable ${name}` : "Reads an environment variable whose name is worked out at run time",
            capability: { kind: "env", value: name },
          });
          return;
        }
        if (!isProcessEnv(node) || parent === undefined) return;
        // const { A, B } = process.env
        if (parent.type === "VariableDeclarator" && parent.init === node && (parent.id as Node).type === "ObjectPattern") {
          for (const property of (parent.id as Node).properties as Node[]) {
            const name = keyName(property);
            context.report(property, { severity: "info", message: `Reads the environment variable ${name ?? "(computed)"}`, capability: { kind: "env", value: name } });
          }
          return;
        }
        if (parent.type === "SpreadElement") {
          context.report(node, { severity: "low", message: "Copies the whole environment (spread), secrets included", capability: { kind: "env", value: "*" } });
          return;
        }
        if (parent.type === "ForInStatement" && parent.right === node) {
          context.report(node, { severity: "medium", message: "Iterates over the whole environment", capability: { kind: "env", value: "*" } });
          return;
        }
        if (parent.type === "CallExpression" && (parent.arguments as Node[]).includes(node)) {
          const callee = parent.callee as Node;
          const object = callee.type === "MemberExpression" ? (callee.object as Node) : undefined;
          const method = callee.type === "MemberExpression" ? propertyName(callee) : undefined;
          if (object?.type === "Identifier" && object.name === "JSON" && method === "stringify") {
            context.report(parent, { severity: "high", message: "Serialises the whole environment, secrets included: the first step of exfiltrating it", capability: { kind: "env", value: "*" } });
          } else if (object?.type === "Identifier" && object.name === "Object" && method && ITERATORS.has(method)) {
            context.report(parent, { severity: "medium", message: `Iterates over the whole environment (Object.${method})`, capability: { kind: "env", value: "*" } });
          } else if (object?.type === "Identifier" && object.name === "Object" && method === "assign") {
            context.report(parent, { severity: "low", message: "Copies the whole environment (Object.assign), secrets included", capability: { kind: "env", value: "*" } });
          }
        }
      },
    };
  },
};
