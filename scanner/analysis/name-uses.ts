import { childNodes, isNode, type Node, patternNames } from "@/scanner/analysis/ast";
import { ScopeIndex } from "@/scanner/analysis/scope-index";

export const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
// Where a declared name lives: functions (var, parameters) and blocks (let, const, catch parameters).
const SCOPES = new Set([...FUNCTIONS, "BlockStatement", "StaticBlock", "TSModuleBlock", "ForStatement", "ForInStatement", "ForOfStatement", "SwitchStatement", "CatchClause"]);
// Where a `var` lives: its function, a class's static block, a TypeScript namespace's body.
const VAR_SCOPES = new Set([...FUNCTIONS, "StaticBlock", "TSModuleBlock"]);
// The code units a name's text search takes for part of a longer name: [A-Za-z0-9_$], and past
// ASCII what may continue a name (not U+00A0 or U+3000, spaces JavaScript allows between tokens:
// `run(cp\u00A0)` uses cp). Surrogates are taken for none: a name met inside a longer one is only
// a place to look, and the AST says what is there.
const IDENTIFIER_ASCII = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$") IDENTIFIER_ASCII[c.charCodeAt(0)] = 1;
const CONTINUES_NAME = /[\p{ID_Continue}\u200c\u200d]/u;
// Before the text's start and after its end, charCodeAt gives NaN: no identifier there.
const isIdentifierCode = (code: number) => (code < 0x80 ? IDENTIFIER_ASCII[code] === 1 : code < 0xd800 || code > 0xdfff ? CONTINUES_NAME.test(String.fromCharCode(code)) : false);

const holds = (node: Node, target: Node) => node.start <= target.start && target.end <= node.end;

/** The child of a node that holds a target, halving lists (which are in source order): a program may have thousands of statements. */
function childHolding(node: Node, target: Node): Node | undefined {
  // A shorthand property's key and value are two nodes with one span (`{ e }`): the one that is
  // the target, or holds it, rather than its twin.
  let twin: Node | undefined;
  for (const key in node) {
    const value = node[key];
    if (value === null || typeof value !== "object") continue;
    if (!Array.isArray(value)) {
      if (!isNode(value) || !holds(value, target)) continue;
      if (value === target || value.start !== target.start || value.end !== target.end || value.type !== target.type) return value;
      twin ??= value;
      continue;
    }
    let low = 0;
    let high = value.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const item: unknown = value[mid];
      if (!isNode(item)) {
        // A hole (`[, a]`) breaks the halving: that list is searched one by one.
        const found = value.find((each): each is Node => isNode(each) && holds(each, target));
        if (found) return found;
        break;
      }
      if (item.end <= target.start) low = mid + 1;
      else if (item.start > target.start) high = mid - 1;
      else if (holds(item, target)) return item;
      else break;
    }
  }
  return twin;
}

/** The nodes from the program down to a node's parent, found by descending towards its offset. */
export function ancestorsOf(program: Node, target: Node): Node[] {
  const path: Node[] = [];
  for (let node: Node | undefined = program; node && node !== target; node = childHolding(node, target)) path.push(node);
  return path;
}

/** The innermost function (or the program) around a node. */
export function scopeOf(program: Node, target: Node): Node {
  return ancestorsOf(program, target).findLast((node) => FUNCTIONS.has(node.type)) ?? program;
}

/**
 * The scope a declaration declares its names in: a `var` declarator's and a parameter's function
 * (or class static block, or TypeScript namespace), a `let` or `const` declarator's block, a
 * function declaration's surrounding function, an import's program.
 */
export function declarationScope(program: Node, declaration: Node): Node {
  return placeOf(program, declaration).scope;
}

/** A variable declarator's kind, its declaration's: `var`, `let`, `const`, `using`. */
export function declaratorKind(program: Node, declarator: Node): string | undefined {
  return placeOf(program, declarator).kind;
}

/** Whether a declarator is TypeScript's `declare const x = …`, which declares no variable at run time: `x` is a global any file may set. */
export function isAmbient(program: Node, declarator: Node): boolean {
  return placeOf(program, declarator).ambient;
}

/**
 * Whether a `var` shares its name with a parameter of its function or of a catch clause it is
 * in: `function run(c) { execSync(c); var c = "git" }` runs the argument, and a `var` inside
 * `catch (c)` assigns the caught value.
 */
export function varNamesParameter(program: Node, declarator: Node): boolean {
  return placeOf(program, declarator).namesParameter;
}

interface Place {
  scope: Node;
  kind: string | undefined;
  namesParameter: boolean;
  ambient: boolean;
}

// Worked out once per declaration: moduleBindings' passes, the webpack tables, the assigned
// requires and the static values all ask about the same ones. A node belongs to one program, so
// it is the key.
const places = new WeakMap<Node, Place>();

function placeOf(program: Node, declaration: Node): Place {
  let place = places.get(declaration);
  if (place) return place;
  const ancestors = ancestorsOf(program, declaration);
  const kind = declaration.type === "VariableDeclarator" ? (ancestors.at(-1)?.kind as string | undefined) : undefined;
  // A function declared in a block is visible after it too in sloppy-mode code: its function counts.
  const lexical = declaration.type === "VariableDeclarator" && kind !== "var";
  const at = ancestors.findLastIndex((node) => (lexical ? SCOPES : VAR_SCOPES).has(node.type));
  const scope = ancestors[at] ?? program;
  const id = declaration.id as Node | undefined;
  const named = (patterns: unknown[]) => patterns.some((pattern) => patternNames(pattern as Node).some((name) => name.name === id?.name));
  const namesParameter =
    kind === "var" &&
    id?.type === "Identifier" &&
    ((FUNCTIONS.has(scope.type) && named(scope.params as Node[])) || ancestors.slice(Math.max(at, 0)).some((node) => node.type === "CatchClause" && node.param != null && named([node.param])));
  const ambient = declaration.type === "VariableDeclarator" && ancestors.at(-1)?.declare === true;
  places.set(declaration, (place = { scope, kind, namesParameter, ambient }));
  return place;
}

/**
 * A file's variable declarators (those `keep` keeps) by name, to ask which one a name means at an
 * offset: the one whose scope is innermost around it (ScopeIndex). A name's scopes are worked out
 * when it is first asked about: in a minified bundle most never are.
 */
export class DeclaratorsByName {
  private readonly byName = new Map<string, Node[]>();
  private readonly indexes = new Map<string, ScopeIndex<Node>>();
  // Per declarator whose name was indexed, the declarators of its name in its scope.
  private readonly variables = new Map<Node, Node[]>();

  constructor(
    declarations: Node[],
    private readonly program: Node,
    keep: (declarator: Node) => boolean = () => true,
  ) {
    for (const node of declarations) {
      if (node.type !== "VariableDeclarator" || (node.id as Node).type !== "Identifier" || !keep(node)) continue;
      const name = (node.id as Node).name as string;
      const named = this.byName.get(name);
      if (named) named.push(node);
      else this.byName.set(name, [node]);
    }
  }

  /** The name's declarators (those kept). */
  named(name: string): readonly Node[] {
    return this.byName.get(name) ?? [];
  }

  at(name: string, offset: number): Node | undefined {
    return this.indexOf(name)?.at(offset);
  }

  /**
   * The declarator an assignment through `name` writes (`cp` of `cp = require(…)`): the one around
   * it, unless a parameter or caught error of its name in between is what it writes (`let cp;
   * function run(cp) { cp = … }`). `source`: the file's text, which the search for uses reads.
   */
  writtenBy(name: Node, source: string): Node | undefined {
    const around = this.at(name.name as string, name.start);
    return around && isUseOf(this.program, source, name, this.byName.get(name.name as string)!) ? around : undefined;
  }

  /**
   * Whether an assignment through `name` writes a global the file does not declare where it
   * stands (`store = process.env` in a function with neither a `store` of its own nor a parameter
   * or caught error so named around it): its value is then read anywhere no declaration of the
   * name hides it, other functions included.
   */
  writesGlobal(name: Node, source: string): boolean {
    if (this.at(name.name as string, name.start) !== undefined) return false;
    return usesOfName(this.program, source, name.name as string, []).some((use) => use.node === name);
  }

  /**
   * The declarators of a declarator's name in the scope it declares in, itself among them: one
   * variable (`var out = …` again and again in one function, as bundles and generated code do).
   */
  sameVariable(declarator: Node): readonly Node[] {
    this.indexOf((declarator.id as Node).name as string);
    return this.variables.get(declarator) ?? [declarator];
  }

  /** Every declarator of the name whose scope holds an offset, innermost first. */
  allAt(name: string, offset: number): Node[] {
    return this.indexOf(name)?.allAt(offset) ?? [];
  }

  private indexOf(name: string): ScopeIndex<Node> | undefined {
    let index = this.indexes.get(name);
    if (!index) {
      const named = this.byName.get(name);
      if (!named) return undefined;
      const placed = named.map((declarator) => ({ scope: declarationScope(this.program, declarator), declaration: declarator, value: declarator }));
      this.indexes.set(name, (index = new ScopeIndex(placed)));
      const byScope = new Map<Node, Node[]>();
      for (const { scope, declaration } of placed) {
        const variable = byScope.get(scope);
        if (variable) variable.push(declaration);
        else byScope.set(scope, [declaration]);
        this.variables.set(declaration, byScope.get(scope)!);
      }
    }
    return index;
  }
}

/** A file's text with where its identifiers of each name start (IdentifierIndex.offsetsOf). */
export interface IdentifierOffsets {
  source: string;
  offsetsOf(name: string): readonly number[];
}

// The identifiers of the file being analysed (useIdentifierOffsets).
let indexed: IdentifierOffsets | undefined;

/**
 * Lets the searches for a name's uses in a file's text find its identifiers through the file's
 * identifier index, until called again (with undefined when its analysis ends, so that nothing
 * keeps its AST): a text search for a bundle's one-letter names stops at every such letter of
 * megabytes of code, the index only at the identifiers (escaped ones too).
 */
export function useIdentifierOffsets(file: IdentifierOffsets | undefined): void {
  indexed = file;
}

/** Where a name appears as a whole word in the source between two offsets: at least wherever an identifier of it starts. */
function occurrences(source: string, name: string, from: number, to: number): readonly number[] {
  if (indexed?.source === source) {
    const all = indexed.offsetsOf(name);
    let low = 0;
    let high = all.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (all[mid]! < from) low = mid + 1;
      else high = mid;
    }
    let end = low;
    while (end < all.length && all[end]! < to) end++;
    return low === 0 && end === all.length ? all : all.slice(low, end);
  }
  const found: number[] = [];
  for (let i = source.indexOf(name, from); i !== -1 && i < to; i = source.indexOf(name, i + 1)) {
    if (!isIdentifierCode(source.charCodeAt(i - 1)) && !isIdentifierCode(source.charCodeAt(i + name.length))) found.push(i);
  }
  return found;
}

/** The innermost function on a stack of scopes, or the root. */
function innermostFunction(scopes: Node[], root: Node): Node {
  for (let i = scopes.length - 1; i >= 0; i--) if (FUNCTIONS.has(scopes[i]!.type)) return scopes[i]!;
  return root;
}

/**
 * The scope in which an identifier declares its name, or undefined when it uses it: a parameter
 * or `var` declares it in its function, `let`, `const` and a catch parameter in their block, a
 * function declaration's name in the scope around it. `(a = cp)` uses `cp`, and `[x] = list`
 * assigns `x` without declaring it.
 */
function declaringScope(identifier: Node, ancestors: Node[], scopes: Node[], root: Node): Node | undefined {
  let child = identifier;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i]!;
    switch (parent.type) {
      case "AssignmentPattern":
        if (parent.left !== child) return undefined;
        break;
      case "ArrayPattern":
      case "ObjectPattern":
      case "RestElement":
        break;
      case "Property":
        if (parent.value !== child || ancestors[i - 1]?.type !== "ObjectPattern") return undefined;
        break;
      case "VariableDeclarator":
        if (parent.id !== child) return undefined;
        return ancestors[i - 1]?.kind === "var" ? innermostFunction(scopes, root) : (scopes.at(-1) ?? root);
      case "CatchClause":
        return parent.param === child ? parent : undefined;
      // A class, enum or namespace declares its name in its block, as `let` does.
      case "ClassDeclaration":
      case "TSEnumDeclaration":
      case "TSModuleDeclaration":
        return parent.id === child ? (scopes.at(-1) ?? root) : undefined;
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        if ((parent.params as Node[]).includes(child)) return parent;
        // A declared function's name lives around it; a function expression's only inside it.
        if (parent.id === child) return parent.type === "FunctionDeclaration" ? (scopes.at(-2) ?? root) : parent;
        return undefined;
      default:
        return undefined;
    }
    child = parent;
  }
  return undefined;
}

/**
 * The uses of a name declared by `declarations` in `scope` (scopeOf of each), with their parents: the
 * identifiers so named in that function (or program) and the functions and blocks inside it,
 * but not inside one that declares the name again (minifiers reuse short names in every scope),
 * and not in a declaration. Found by descending only into nodes that hold an occurrence of the
 * name in the source text.
 */
export function usesOfName(scope: Node, source: string, name: string, declarations: Node[]): { node: Node; parent: Node }[] {
  const offsets = occurrences(source, name, scope.start, scope.end);
  // Offsets are ascending: the first at or after a node's start tells whether it holds one.
  const holdsOne = (node: Node) => {
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offsets[mid]! < node.start) low = mid + 1;
      else high = mid;
    }
    return low < offsets.length && offsets[low]! < node.end;
  };
  const uses: { node: Node; parent: Node; innermost: Node | undefined }[] = [];
  const redeclaring = new Set<Node>();
  const own = new Set(declarations);
  // The scopes the declarations themselves sit in: a name declared again there or around one (a
  // function's `let e` around a block's `const e = fetch`) does not hide the uses it reaches.
  const declaredIn = new Set<Node | undefined>();
  let inOwnDeclaration = 0;
  const ancestors: Node[] = [];
  const scopes: Node[] = [];
  // Each scope's enclosing one, to test a use's scopes without copying the stack for each use.
  const enclosing = new Map<Node, Node | undefined>();
  const visit = (node: Node) => {
    ancestors.push(node);
    const opensScope = node !== scope && SCOPES.has(node.type);
    if (opensScope) {
      enclosing.set(node, scopes.at(-1));
      scopes.push(node);
    }
    for (const child of childNodes(node)) {
      if (!holdsOne(child)) continue;
      const ownDeclaration = own.has(child);
      if (ownDeclaration) declaredIn.add(scopes.at(-1));
      if (child.type === "Identifier" && child.name === name && !ownDeclaration && inOwnDeclaration === 0) {
        const declared = declaringScope(child, ancestors, scopes, scope);
        if (declared) redeclaring.add(declared);
        else uses.push({ node: child, parent: node, innermost: scopes.at(-1) });
      }
      if (ownDeclaration) inOwnDeclaration++;
      visit(child);
      if (ownDeclaration) inOwnDeclaration--;
    }
    if (opensScope) scopes.pop();
    ancestors.pop();
  };
  visit(scope);
  const shadowed = (innermost: Node | undefined) => {
    for (let at = innermost; at !== undefined; at = enclosing.get(at)) {
      if (declaredIn.has(at)) return false;
      if (redeclaring.has(at)) return true;
    }
    // Past every block: the searched function itself, whose own parameter may be the namesake.
    return !declaredIn.has(undefined) && redeclaring.has(scope);
  };
  return uses.filter((use) => !shadowed(use.innermost)).map(({ node, parent }) => ({ node, parent }));
}

/**
 * The uses of a name that any of these declarations made (usesOfName), with their parents. Each
 * scope that holds some of them is searched once for all of them: thousands of `var e = fetch`
 * in one scope are one search, and a declaration in one block does not hide another's uses.
 */
export function usesOfDeclarations(program: Node, source: string, name: string, declarations: Node[]): { node: Node; parent: Node }[] {
  const byScope = new Map<Node, Node[]>();
  for (const declaration of declarations) {
    const scope = scopeOf(program, declaration);
    const group = byScope.get(scope);
    if (group) group.push(declaration);
    else byScope.set(scope, [declaration]);
  }
  return [...byScope].flatMap(([scope, group]) => usesOfName(scope, source, name, group));
}

// Per list of declarations (one name's, from a Binding), the uses found for all of them, and
// for how many: moduleBindings may ask while it still adds declarations to the list.
const usesByDeclarations = new WeakMap<Node[], { searched: number; uses: Set<Node> }>();

/**
 * Whether an identifier is a use of the name one of these declarations made (usesOfDeclarations),
 * not a namesake in a scope of its own: a binding's scope holds every identifier of its name
 * there, and minified bundles reuse short names everywhere. Searched once, whatever the number of
 * questions.
 */
export function isUseOf(program: Node, source: string, identifier: Node, declarations: Node[]): boolean {
  let found = usesByDeclarations.get(declarations);
  if (found?.searched !== declarations.length) {
    const uses = new Set(usesOfDeclarations(program, source, identifier.name as string, declarations).map((use) => use.node));
    usesByDeclarations.set(declarations, (found = { searched: declarations.length, uses }));
  }
  return found.uses.has(identifier);
}
