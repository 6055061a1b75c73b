import { argumentValues, calledAt } from "@/scanner/analysis/argument-sites";
import { type Node, unwrap } from "@/scanner/analysis/ast";
import { handedTargets } from "@/scanner/analysis/handed-on";
import { calleeTarget, effectiveCall, lastNamesOf, mayTarget } from "@/scanner/analysis/module-bindings";
import { reportHandedOn } from "@/scanner/rules/handed-on-findings";
import { FILE_MODULES } from "@/scanner/rules/file-modules";
import type { CodeRule } from "@/scanner/rules/rule";
import { sensitivePath } from "@/scanner/rules/sensitive-paths";

const READS = new Set(["readFile", "readFileSync", "createReadStream", "readdir", "readdirSync", "opendir", "opendirSync", "open", "openSync", "access", "accessSync", "stat", "statSync", "existsSync"]);
const WRITES = new Set(["writeFile", "writeFileSync", "appendFile", "appendFileSync", "createWriteStream", "mkdir", "mkdirSync", "rm", "rmSync", "rmdir", "rmdirSync", "unlink", "unlinkSync", "rename", "renameSync", "copyFile", "copyFileSync", "cp", "cpSync", "chmod", "chmodSync", "symlink", "symlinkSync", "truncate", "truncateSync"]);

// Bun's and Deno's own file functions, which a package run by bunx or deno has besides Node's:
// `Bun.file(path)` is read (or written through), `Bun.write(path, data)` writes.
const RUNTIME_READS = ["Bun.file", ...["readTextFile", "readTextFileSync", "readFile", "readFileSync", "readDir", "readDirSync", "stat", "statSync", "lstat", "lstatSync"].map((method) => `Deno.${method}`)];
const RUNTIME_WRITES = ["Bun.write", ...["writeTextFile", "writeTextFileSync", "writeFile", "writeFileSync", "remove", "removeSync", "mkdir", "mkdirSync", "rename", "renameSync", "copyFile", "copyFileSync", "chmod", "chmodSync", "symlink", "symlinkSync", "truncate", "truncateSync"].map((method) => `Deno.${method}`)];

// Every module's every method, spelt out: one lookup per call instead of cutting its target in two.
const OPERATIONS = new Map<string, "read" | "write">([
  ...FILE_MODULES.flatMap((module) => [...[...READS].map((method) => [`${module}.${method}`, "read"] as const), ...[...WRITES].map((method) => [`${module}.${method}`, "write"] as const)]),
  ...RUNTIME_READS.map((target) => [target, "read"] as const),
  ...RUNTIME_WRITES.map((target) => [target, "write"] as const),
]);

const LAST_NAMES = lastNamesOf(OPERATIONS.keys());
// Opening a file does what its flags say: reading by default and with `r`, writing with any other (`a`, `w`, `r+`, numbers).
const OPENS = new Set(["open", "openSync"]);
const opens = (target: string) => OPENS.has(target.slice(target.lastIndexOf(".") + 1));
const HANDED_OPERATIONS = handedTargets(OPERATIONS.keys());

/** File reads and writes with the path where it can be worked out; credential and start-up files stand out. */
export const filesystemRule: CodeRule = {
  id: "filesystem",
  category: "filesystem",
  types: ["CallExpression", "NewExpression"],
  handed: HANDED_OPERATIONS,
  visitor(context) {
    // A whole module both reads and writes; one of its functions does what it does.
    reportHandedOn(context, HANDED_OPERATIONS, (target) => {
      const kind = OPERATIONS.get(target);
      return kind && !opens(target) ? [kind] : ["read", "write"];
    });
    const bunFileWritten = (write: Node) => {
      const destination = (write.arguments as Node[])[0];
      const made = destination && unwrap(destination);
      return calleeTarget(unwrap(write.callee as Node), context.bindings) === "Bun.write" && made?.type === "CallExpression" && calleeTarget(unwrap(made.callee as Node), context.bindings) === "Bun.file";
    };
    const openedFor = (flags: Node | undefined) => {
      if (flags === undefined) return "read";
      return /^(?:r|rs|sr)$/.test(context.values.resolve(flags) ?? "") ? "read" : "write";
    };
    return {
      node: (node, parent) => {
        // Node's functions may be called with `new` too: `new cp.execSync(cmd)` runs it.
        if (node.type !== "CallExpression" && node.type !== "NewExpression") return;
        const { callee, args } = effectiveCall(node, context.bindings);
        if (!mayTarget(callee, LAST_NAMES, context.bindings)) return;
        const target = calleeTarget(callee, context.bindings);
        if (!target || !OPERATIONS.has(target)) return;
        // `Bun.write(Bun.file(path), data)` writes the file Bun.file names, which it does not read.
        if (target === "Bun.file" && parent?.type === "CallExpression" && (parent.arguments as Node[])[0] === node && bunFileWritten(parent)) return;
        const pathArg = target === "Bun.write" && bunFileWritten(node) ? (unwrap(args[0]!).arguments as Node[])[0] : args[0];
        const kind = opens(target) ? openedFor(args[1]) : OPERATIONS.get(target)!;
        const verb = kind === "read" ? "Reads" : "Writes";
        // A wrapper's parameter (`function load(file) { return fs.readFileSync(file) }`): the path of each call of it.
        const pathAt = ({ arg }: { arg: Node | undefined }) => {
          const path = context.values.resolve(arg);
          return path !== undefined && !path.startsWith("${…}") ? path : undefined;
        };
        for (const site of argumentValues(context, node, pathArg, pathAt)) {
          const { value: known } = site;
          const sensitive = known ? sensitivePath(known) : undefined;
          const how = calledAt(site, target, context.lines.lineOf(node.start));
          context.report(site.call, {
            severity: sensitive ? "high" : "info",
            message: sensitive ? `${verb} ${sensitive} (${known}${site.through ? `, ${how}` : ""})` : `${verb} ${known ?? "a path worked out at run time"} (${how})`,
            capability: { kind, value: known },
          });
        }
      },
    };
  },
};
