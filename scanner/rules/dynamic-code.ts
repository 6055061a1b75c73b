import { GLOBAL_OBJECTS, type Node, pairedElements, passesValueOn, propertyName, propertyValue, stringLiteral, unwrap } from "@/scanner/analysis/ast";
import { declaresName, isReference } from "@/scanner/analysis/identifier-index";
import { calleeTarget, constructsFunctions, effectiveCall, isRequire, lastNamesOf, mayTarget, moduleOf } from "@/scanner/analysis/module-bindings";
import { bufferFrom, decodingCall } from "@/scanner/analysis/decoding-call";
import { downloadHandledBy, downloadOf, UNSEEN_CODE } from "@/scanner/analysis/downloaded-code";
import { ancestorsOf, isUseOf } from "@/scanner/analysis/name-uses";
import type { CodeRule, SourceContext } from "@/scanner/rules/rule";
import { savedDescription, savedDownloadLoaded } from "@/scanner/rules/saved-downloads";

const VM = new Set(["vm.runInNewContext", "vm.runInThisContext", "vm.runInContext", "vm.compileFunction", "vm.Script", "vm.SourceTextModule"]);
const TIMERS = new Set(["setTimeout", "setInterval"]);
// The last names of require's forms (isRequire): require, `module.require`, `Module._load`, Node 22's `process.getBuiltinModule`.
const LOADERS = ["require", "_load", "getBuiltinModule"];
/** Whether a call may be one of require's forms, told cheaply: by its target's last name, or a name the file binds (to require, under a name of its own). */
const mayLoad = (callee: Node, target: string, context: SourceContext) =>
  LOADERS.includes(target.slice(target.lastIndexOf(".") + 1)) || (callee.type === "Identifier" && context.bindings.has(callee.name as string));
// Native libraries loaded by hand: Node's, and Bun's and Deno's foreign-function interfaces.
const NATIVE_LOADERS = new Set(["process.dlopen", "bun:ffi.dlopen", "Deno.dlopen"]);
const LAST_NAMES = lastNamesOf(["eval", "Function", ...VM, ...TIMERS, ...LOADERS, "worker_threads.Worker", ...NATIVE_LOADERS]);
// Polyfills' and bundlers' standard way to reach the global object, and the empty function with
// which libraries (zod) test whether eval is allowed: not payloads.
const HARMLESS_FUNCTION_BODIES = new Set(["return this", "return this;", ""]);

/**
 * Whether a name used as a module is the one bound to it, not a namesake in another function:
 * `n[i](r, e)` in one function of a minified bundle and `n = require("fs")` in another. Asked
 * only of the rare computed calls, as the name search costs up to a walk of the scope.
 */
function boundHere(context: SourceContext, object: Node): boolean {
  const declarations = object.type === "Identifier" ? context.bindings.at(object)?.declarations : undefined;
  return declarations === undefined || isUseOf(context.program, context.source, object, declarations);
}

/**
 * How a string the file holds was decoded at run time, where code is made of it (decodingCall):
 * `atob(…)`, `Buffer.from(…, "base64")` (or hex, or byte values), a zlib inflate,
 * `String.fromCharCode(…)`, through `.toString()`, `decodeURIComponent`, a decoder's `decode`, code
 * around it (`"return " + atob(p)`) or what a name is declared or assigned with (`var p = atob(b);
 * eval(p)`, `let p; p = atob(b)`: a `var` or `let` too, as a file that calls eval has no constants). A dropper's shape: its payload
 * is in the file, but never as code. What is decoded must be the file's (a literal, a constant, a
 * decoding of one): a code runner's tool decoding the code it is sent hides nothing. Through a
 * helper of the file that returns a decoding (helperDecoding), `given` names its parameters that
 * the call hands the file's text.
 */
function decodingOf(context: SourceContext, wrapped: Node | undefined, depth = 0, given: ReadonlySet<string> = NONE_GIVEN, seen = new Set<Node>()): string | undefined {
  if (wrapped === undefined || depth > 8) return undefined;
  const node = unwrap(wrapped);
  // Each node looked at once (a template naming one constant eighty times is one look), but for a
  // helper's code, which each call reads with the parameters it hands text.
  if (given === NONE_GIVEN) {
    if (seen.has(node) || seen.size > MAX_SEEN) return undefined;
    seen.add(node);
  }
  // Closures are made only off the common paths: each costs its name's definition under tsx.
  if (node.type === "Identifier") {
    const init = context.values.declaredWith(node);
    const how = init && decodingOf(context, init, depth + 1, given, seen);
    if (how || depth > 0) return how;
    // Assignments only for the code's own name: each name assigned several times multiplies the search.
    let assigned: string | undefined;
    return context.values.assignedWith(node, (value) => (assigned = decodingOf(context, value, depth + 1, given, seen)) !== undefined) ? assigned : undefined;
  }
  if (node.type === "BinaryExpression" && node.operator === "+") return decodingOf(context, node.left as Node, depth + 1, given, seen) ?? decodingOf(context, node.right as Node, depth + 1, given, seen);
  if (node.type === "TemplateLiteral") {
    for (const expression of node.expressions as Node[]) {
      const how = decodingOf(context, expression, depth + 1, given, seen);
      if (how) return how;
    }
    return undefined;
  }
  if (node.type !== "CallExpression" && node.type !== "NewExpression") return undefined;
  const on = (next: Node | undefined) => decodingOf(context, next, depth + 1, given, seen);
  const known = (text: Node | undefined) => context.values.known(text);
  const decoding = decodingCall(node, context.bindings, known) ?? bufferFrom(node, context.bindings, known);
  if (decoding) {
    if (!decoding.hides) return on(decoding.input); // `Buffer.from(atob(p), "latin1")`
    // Codes written out (its arguments, a list of bytes) are the file's when they are literals.
    return (decoding.input === undefined ? decoding.decode() !== undefined : isFileText(context, decoding.input, depth + 1, given, seen)) ? decoding.how : undefined;
  }
  const callee = unwrap(node.callee as Node);
  const args = node.arguments as Node[];
  // What zlib inflated, as text; the payload trimmed; bytes a decoder under any name reads.
  if (callee.type === "MemberExpression" && KEEPS_TEXT.has(propertyName(callee) ?? "")) return on(callee.object as Node);
  if (callee.type === "MemberExpression" && propertyName(callee) === "decode") return on(args[0]);
  const target = calleeTarget(callee, context.bindings);
  if (target !== undefined && PASSES_TEXT.has(target)) return on(args[0]);
  return callee.type === "Identifier" ? helperDecoding(context, callee, args, depth, given, seen) : undefined;
}

const NONE_GIVEN: ReadonlySet<string> = new Set();
// How many nodes one search for a decoding looks at: a payload's decoding is a few steps from
// the code; each call of a file searched through large templates would cost calls × nodes.
const MAX_SEEN = 256;

/** Whether a node is text of the file: a literal or constant, a helper's parameter the call hands such text (`given`), or a decoding of such text (decodingOf). */
function isFileText(context: SourceContext, node: Node, depth: number, given: ReadonlySet<string>, seen: Set<Node>): boolean {
  const unwrapped = unwrap(node);
  if (context.values.known(unwrapped) !== undefined || (unwrapped.type === "Identifier" && given.has(unwrapped.name as string))) return true;
  return decodingOf(context, unwrapped, depth, given, seen) !== undefined;
}

const FUNCTION_VALUES = new Set(["ArrowFunctionExpression", "FunctionExpression"]);

/**
 * `const unpack = (s) => Buffer.from(s, "base64").toString(); eval(unpack(p))`: a function of the
 * file (a name declared with one, or a function declaration) whose one returned expression is a
 * decoding, of its parameters where the call hands them text of the file (or a decoding of it).
 */
function helperDecoding(context: SourceContext, name: Node, args: Node[], depth: number, given: ReadonlySet<string>, seen: Set<Node>): string | undefined {
  const helper = context.values.declaredWith(name, (init) => FUNCTION_VALUES.has(unwrap(init).type));
  // A function declaration of the name (the file's only one: namesakes in other scopes are not told apart).
  const declared = helper ? [] : context.identifiers.named(name.name as string).filter(({ node, parent }) => parent.type === "FunctionDeclaration" && parent.id === node);
  const fn = helper ? unwrap(helper) : declared.length === 1 ? declared[0]!.parent : undefined;
  const body = fn?.body as Node | undefined;
  const statements = body?.type === "BlockStatement" ? (body.body as Node[]) : undefined;
  const returned = statements ? (statements.length === 1 && statements[0]!.type === "ReturnStatement" ? (statements[0]!.argument as Node | null) : null) : body;
  if (!fn || !returned) return undefined;
  const fileParameters = new Set((fn.params as Node[]).flatMap((param, i) => (param.type === "Identifier" && args[i] !== undefined && isFileText(context, args[i]!, depth + 1, given, seen) ? [param.name as string] : [])));
  return decodingOf(context, returned, depth + 1, fileParameters, seen);
}

// Methods and functions whose text is their object's or argument's, as far as hiding it goes
// (`decodeURIComponent(escape(atob(p)))` is how UTF-8 is read out of base64, and
// `Uint8Array.from(atob(p), …)` bytes out of it; `atob(p).split("").reverse().join("")` is the
// payload reversed).
const KEEPS_TEXT = new Set(["toString", "valueOf", "trim", "trimStart", "trimEnd", "normalize", "slice", "substring", "substr", "replace", "replaceAll", "split", "reverse", "join", "concat"]);
const PASSES_TEXT = new Set(["decodeURIComponent", "decodeURI", "unescape", "escape", "String", "Uint8Array.from", "JSON.parse"]);


/** Code made at run time (`how`: by eval, a Function, vm…): high when it was decoded there (decodingOf) or downloaded (downloadOf), medium otherwise. */
function reportCodeMade(context: SourceContext, node: Node, code: Node | undefined, message: string): void {
  const decoding = decodingOf(context, code);
  const download = decoding ? undefined : downloadOf(context, node, code);
  if (decoding) context.report(node, { severity: "high", message: `${message}, decoded at run time (${decoding}): a payload hidden from anyone reading the code` });
  else if (download) context.report(node, { severity: "high", message: `${message}, downloaded at run time (${download}): ${UNSEEN_CODE}` });
  else context.report(node, { severity: "medium", message });
}

function reportBuiltFunction(context: SourceContext, node: Node, args: Node[], how: string): void {
  // Only a lone body can be harmless: parameters' default values are code too (`Function("a = payload()", "")`).
  const body = args.length === 1 ? context.values.resolve(args[0]) : undefined;
  if (body === undefined || !HARMLESS_FUNCTION_BODIES.has(body.trim())) reportCodeMade(context, node, args.at(-1), `Builds a function from a string (${how})`);
}

const isPlainString = (init: Node) => stringLiteral(init) !== undefined;

// What Node's module loader is made of (Module's statics, its prototype's methods, the extension
// handlers): a write to one is a require hook (`Module.prototype.require = (n) => …` can answer
// `require("fs")` with child_process).
const LOADER_PARTS = new Set(["require", "load", "_compile", "_load", "_resolveFilename", "_findPath", "_nodeModulePaths"]);
const LOADER_TABLES = new Set(["_extensions", "extensions", "_cache", "cache"]);
const LOADER_HOOK = /^(?:module(?:\.Module|\.constructor)?\.(?:prototype\.(?:require|load|_compile)|_load|_resolveFilename|_findPath|_nodeModulePaths|_extensions|_cache)|require\.(?:extensions|cache))(?:\.|$)/;

/** Whether an assignment may write a part of the loader, told by its target's last names alone (during the walk). */
function mayHookLoader(assignment: Node): boolean {
  const left = unwrap(assignment.left as Node);
  if (left.type !== "MemberExpression") return false;
  const object = unwrap(left.object as Node);
  return LOADER_PARTS.has(propertyName(left) ?? "") || (object.type === "MemberExpression" && LOADER_TABLES.has(propertyName(object) ?? ""));
}

/** The part of the loader a write's target is (`module.prototype.require`, `require.extensions`), where its object is the module module, Module or require. */
function loaderHookOf(context: SourceContext, left: Node): string | undefined {
  if (left.type !== "MemberExpression") return undefined;
  // `require.extensions[".js"] = …`: the table, whatever entry.
  const object = unwrap(left.object as Node);
  const written = left.computed && object.type === "MemberExpression" && LOADER_TABLES.has(propertyName(object) ?? "") ? object : left;
  const target = calleeTarget(written, context.bindings);
  return target !== undefined && LOADER_HOOK.test(target) ? target : undefined;
}

/**
 * A require or import by what its argument says: a name decoded at run time (decodingOf, high),
 * a name worked out at run time, in whole or in part (`require("node:" + name)` may be
 * child_process), code in a `data:` URL, or a name spelt by an expression (reportSpeltName).
 */
function reportLoad(context: SourceContext, node: Node, verb: string, specifier: Node): void {
  const name = context.values.resolve(specifier);
  const decoding = decodingOf(context, specifier);
  // `fs.writeFileSync(file, body); require(file)`: a module it downloaded.
  const saved = savedDownloadLoaded(context, specifier);
  if (saved) context.report(node, { severity: "high", message: `${verb} what it downloads (${savedDescription(saved)}): ${UNSEEN_CODE}` });
  else if (decoding) context.report(node, { severity: "high", message: `${verb} a module whose name is decoded at run time (${decoding}${name && !name.includes("${…}") ? `; it is ${name}` : ""}), hidden from anyone reading the code` });
  else if (name !== undefined && /^data:/i.test(name)) context.report(node, { severity: "medium", message: `${verb} code embedded in a data: URL` });
  else if (name === undefined || name.includes("${…}")) context.report(node, { severity: "low", message: `${verb} a module whose name is worked out at run time${name ? ` (${name})` : ""}` });
  else reportSpeltName(context, node, verb, specifier, name);
}

/**
 * `require("child_" + "process")`, `require(["child", "process"].join("_"))`: a module name spelt
 * by an expression hides what is loaded from a reader, even where it can be worked out (the other
 * rules then follow the module as loaded). A name for a plain string (`require(name)` with `const
 * name = "./locale/en.js"`) hides nothing.
 */
function reportSpeltName(context: SourceContext, node: Node, verb: string, specifier: Node, name: string): void {
  if (isPlainString(specifier)) return;
  if (specifier.type === "Identifier" && context.values.constant(specifier, isPlainString) !== undefined) return;
  context.report(node, { severity: "medium", message: `${verb} a module whose name is spelt by an expression (it is ${name})` });
}

// Where a value of eval stands without being handed anywhere: tested (also as a choice's test, the
// left of `&&`, a sequence's first), compared, read a member of. passesOn tells the other places
// in a choice, a logical expression and a sequence.
const KEEPS_VALUE = new Set(["UnaryExpression", "BinaryExpression", "ExpressionStatement", "IfStatement", "WhileStatement", "DoWhileStatement", "ForStatement", "SwitchStatement", "TemplateLiteral", "ConditionalExpression", "LogicalExpression", "SequenceExpression"]);
// Members of eval that read it without handing it on (`eval.name`), and calls that only test it.
const READ_MEMBERS = new Set(["name", "length", "toString", "prototype", "constructor"]);
const TESTS = new Set(["Boolean", "String", "Object.is"]);
const SEARCHES = new Set(["indexOf", "lastIndexOf", "includes"]);
// The language's built-ins: a table or list holding eval among several of them is an intrinsics
// table (get-intrinsic's `"%eval%": eval`, bundled with express's dependencies) or a list of
// global constructors (terser's), not a payload's hiding place.
const BUILT_INS = new Set(["Object", "Array", "Function", "Boolean", "Number", "String", "Symbol", "BigInt", "Date", "RegExp", "Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "Map", "Set", "WeakMap", "WeakSet", "Promise", "Proxy", "Reflect", "JSON", "Math", "Atomics", "parseInt", "parseFloat", "isNaN", "isFinite", "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape", "ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array"]);

/** The name a value is given where it stands as `child` of `holder` (`const e = eval`, `e = eval`, `[e] = [eval]`), if any. */
function nameGiven(child: Node, holder: Node, above: Node | undefined): Node | undefined {
  if (holder.type === "VariableDeclarator" && holder.init === child) return holder.id as Node;
  if (holder.type === "AssignmentExpression" && holder.operator === "=" && holder.right === child) return unwrap(holder.left as Node);
  if (holder.type !== "ArrayExpression" || !above) return undefined;
  const pattern = nameGiven(holder, above, undefined);
  return pattern?.type === "ArrayPattern" ? pairedElements(pattern, holder).find(([, element]) => element === child)?.[0] : undefined;
}

/** Whether an array or object holding a value holds three or more of the language's built-ins besides (BUILT_INS). */
function amongBuiltIns(holder: Node, above: Node | undefined): boolean {
  const container = holder.type === "Property" ? above : holder;
  const entries = container?.type === "ArrayExpression" ? (container.elements as (Node | null)[]) : container?.type === "ObjectExpression" ? (container.properties as Node[]).map((p) => (p.type === "Property" ? (p.value as Node) : null)) : [];
  return entries.filter((entry) => entry?.type === "Identifier" && BUILT_INS.has(entry.name as string)).length >= 3;
}

/** Whether `child` passes its value on, unchanged, as the value of `holder` (passesValueOn: eval is never falsy), or as `eval.bind(x)`'s call. */
function passesOn(child: Node, holder: Node, above: Node | undefined): boolean {
  if (passesValueOn(holder, child)) return true;
  const returnsItself = holder.type === "MemberExpression" && holder.object === child && (propertyName(holder) === "bind" || propertyName(holder) === "valueOf");
  return returnsItself && above?.type === "CallExpression" && above.callee === holder;
}

type HandedEval = "handed" | "among built-ins" | { downloadedFrom: string } | undefined;

/** Whether a name (or member) stands where it is written, not read: a pattern's target (declaresName), `r = eval`'s `r`, `for (r of list)`, `r++`. */
function isWritten(name: Node, holder: Node | undefined, above: Node | undefined): boolean {
  if (!holder) return false;
  if (declaresName({ node: name, parent: holder, grandparent: above })) return true;
  if (holder.type === "AssignmentExpression" || holder.type === "ForInStatement" || holder.type === "ForOfStatement") return holder.left === name;
  return holder.type === "UpdateExpression";
}

/**
 * How a value that is eval (the global's name, `globalThis.eval`, a name bound to it) is used
 * where it stands: handed on where the rules do not follow its calls (into an object, an array, a
 * call, a return, a name the file does not declare), kept among the language's built-ins, or
 * neither (called, and reported as a call; tested, compared, a member read; given a name the
 * rules follow to its calls).
 */
function handedEval(context: SourceContext, value: Node): HandedEval {
  const above = ancestorsOf(context.program, value).reverse();
  if (isWritten(value, above[0], above[1])) return undefined;
  let child = value;
  let at = 0;
  while (above[at] && passesOn(child, above[at]!, above[at + 1])) {
    // `eval.bind(x)`: on to the call.
    if (above[at]!.type === "MemberExpression") at++;
    child = above[at++]!;
  }
  const holder = above[at];
  if (!holder || KEEPS_VALUE.has(holder.type)) return undefined;
  const isCallee = (node: Node | undefined) => (node?.type === "CallExpression" || node?.type === "NewExpression") && node.callee === holder;
  if ((holder.type === "CallExpression" || holder.type === "NewExpression" || holder.type === "TaggedTemplateExpression") && (holder.callee ?? holder.tag) === child) return undefined;
  if (holder.type === "MemberExpression" && holder.object === child) {
    const member = propertyName(holder);
    // `eval.call(null, code)` is a call of eval, reported as one; `eval.bind(x).call(…)` is not followed.
    if (child === value && (member === "call" || member === "apply") && isCallee(above[at + 1])) return undefined;
    return READ_MEMBERS.has(member ?? "") ? undefined : "handed";
  }
  if (holder.type === "CallExpression" && TESTS.has(calleeTarget(unwrap(holder.callee as Node), context.bindings) ?? "")) return undefined;
  // `[eval, Function].indexOf(f)`: searched, not handed.
  const reader = above[at + 1];
  if (holder.type === "ArrayExpression" && reader?.type === "MemberExpression" && reader.object === holder && SEARCHES.has(propertyName(reader) ?? "")) return undefined;
  const name = nameGiven(child, holder, above[at + 1]);
  if (name?.type === "Identifier" && context.bindings.allAt(name).some((binding) => binding.module === "eval" && binding.member === undefined)) return undefined;
  // `fetch(url).then((r) => r.text()).then(eval)`: eval runs the download.
  const downloadedFrom = downloadHandledBy(context, child, holder);
  if (downloadedFrom) return { downloadedFrom };
  return amongBuiltIns(holder, above[at + 1]) ? "among built-ins" : "handed";
}

/**
 * eval handed where its calls are not followed (handedEval): the global's own name, its
 * `globalThis.eval` (of any name for the global), and the names bound to it (`const e = eval;
 * setTimeout(e, 0, code)`); whatever calls it there evaluates whatever string it is given.
 */
function reportHandedEval(context: SourceContext): void {
  const names = new Set(["eval"]);
  for (const [name, binding] of context.bindings.entries()) if (binding.module === "eval" && binding.member === undefined) names.add(name);
  for (const uses of context.identifiers.namedAmong(names).values()) {
    for (const use of uses) {
      if (declaresName(use)) continue;
      // `globalThis.eval`, `g.eval` with `const g = globalThis`: the member is the value.
      const member = use.parent.type === "MemberExpression" && use.parent.property === use.node && !use.parent.computed ? use.parent : undefined;
      const value = member ?? (isReference(use) ? use.node : undefined);
      if (!value || calleeTarget(value, context.bindings) !== "eval") continue;
      const handed = handedEval(context, value);
      if (typeof handed === "object") context.report(value, { severity: "high", message: `Hands eval what it downloads (${handed.downloadedFrom}): ${UNSEEN_CODE}` });
      else if (handed === "among built-ins") context.report(value, { severity: "low", message: "Keeps eval among the language's built-ins (an intrinsics table, a list of global constructors), from which it may be handed to whoever asks" });
      else if (handed) context.report(value, { severity: "medium", message: "Hands eval on where its calls are not followed: whatever calls it there evaluates a string as code" });
    }
  }
}

/** Whether an object is a module made by Node's Module class (`new Module(file)`, also through a name declared with one). */
function isModuleMade(context: SourceContext, wrapped: Node): boolean {
  const node = unwrap(wrapped);
  const made = node.type === "Identifier" ? context.values.declaredWith(node, (init) => unwrap(init).type === "NewExpression") : node;
  const maker = made && unwrap(made).type === "NewExpression" ? calleeTarget(unwrap(unwrap(made).callee as Node), context.bindings) : undefined;
  return maker === "module" || maker === "module.Module";
}

/** Code built or loaded at run time: eval, new Function and its kin, vm, string timers, eval workers, Module._compile, computed require/import, data: URL imports. */
export const dynamicCodeRule: CodeRule = {
  id: "dynamic-code",
  category: "dynamic-code",
  types: ["ImportExpression", "CallExpression", "NewExpression", "AssignmentExpression"],
  keeps: (node) => node.type !== "AssignmentExpression" || mayHookLoader(node),
  visitor(context) {
    return {
      node: (node) => {
        if (node.type === "AssignmentExpression") {
          const hooked = loaderHookOf(context, unwrap(node.left as Node));
          if (hooked) context.report(node, { severity: "medium", message: `Replaces part of Node's module loader (${hooked}): a require hook, which can change what every later require loads` });
          return;
        }
        if (node.type === "ImportExpression") {
          reportLoad(context, node, "Imports", node.source as Node);
          return;
        }
        if (node.type !== "CallExpression" && node.type !== "NewExpression") return;
        // (0, cp[name])(...), (0, eval)(code) and eval.call(null, code) are the same calls.
        const { callee, args } = effectiveCall(node, context.bindings);
        // cp["ex" + "ec"](...), globalThis[name](...): a member spelt by an expression hides what is
        // called, even when the expression can be worked out.
        if (callee.type === "MemberExpression" && callee.computed && (callee.property as Node).type !== "Literal") {
          const object = unwrap(callee.object as Node);
          const bound = moduleOf(object, context.bindings);
          const module = bound !== undefined && boundHere(context, object) ? bound : undefined;
          if (module || (object.type === "Identifier" && GLOBAL_OBJECTS.has(object.name as string))) {
            const member = context.values.resolve(callee.property as Node);
            context.report(node, { severity: "medium", message: `Calls a member of ${module ?? (object.name as string)} spelt by an expression (${member && !member.includes("${…}") ? `it is ${member}` : "worked out at run time"})` });
            return;
          }
        }
        if (callee.type === "MemberExpression" && propertyName(callee) === "constructor" && constructsFunctions(unwrap(callee.object as Node), context.bindings)) {
          reportBuiltFunction(context, node, args, "a function's constructor, which is Function");
          return;
        }
        // Node's module loader compiling source text (`module._compile(code, file)`, also through
        // require("module"), or of a module made for it, `new Module(file)._compile(code, file)`,
        // require-from-string's way): what require hooks do, and loaders of payloads. Other
        // libraries' own _compile methods (ajv's `this._compile(schema)`) are not it.
        if (callee.type === "MemberExpression" && propertyName(callee) === "_compile" && (calleeTarget(callee, context.bindings)?.startsWith("module.") || isModuleMade(context, callee.object as Node))) {
          reportCodeMade(context, node, args[0], "Compiles a string as a module (Module.prototype._compile)");
          return;
        }
        if (!mayTarget(callee, LAST_NAMES, context.bindings)) return;
        const target = calleeTarget(callee, context.bindings);
        if (!target) return;
        if (target === "eval") {
          reportCodeMade(context, node, args[0], "Evaluates a string as code (eval)");
        } else if (target === "Function") {
          reportBuiltFunction(context, node, args, "Function constructor");
        } else if (VM.has(target)) {
          // vm.compileFunction(code, params): the code comes first, as for every other vm function.
          reportCodeMade(context, node, args[0], `Runs code in a virtual machine context (${target})`);
        } else if (TIMERS.has(target) && args[0] && (args[0].type === "Literal" || args[0].type === "TemplateLiteral" || args[0].type === "BinaryExpression" || decodingOf(context, args[0]))) {
          reportCodeMade(context, node, args[0], `Passes a string of code to ${target}`);
        } else if (target === "worker_threads.Worker" && (propertyValue(args[1], "eval") as Node | undefined)?.value === true) {
          reportCodeMade(context, node, args[0], "Runs a string of code in a worker thread (Worker with eval: true)");
        } else if (target === "worker_threads.Worker" && args[0]) {
          // `new Worker(file)` of a file it saved a download in.
          const saved = savedDownloadLoaded(context, args[0]);
          if (saved) context.report(node, { severity: "high", message: `Runs what it downloads in a worker thread (${savedDescription(saved)}): ${UNSEEN_CODE}` });
        } else if (NATIVE_LOADERS.has(target)) {
          // What require does for a .node file, done by hand: native code, loaded from anywhere.
          context.report(node, { severity: "medium", message: `Loads a native library at run time (${target}): code that cannot be analysed` });
        } else if (args[0] && mayLoad(callee, target, context) && isRequire(callee, context.bindings)) {
          reportLoad(context, node, "Requires", args[0]);
        }
      },
      end: () => reportHandedEval(context),
    };
  },
};
