import { describe, expect, it } from "vitest";
import { resolveOwnFile } from "@/scanner/analysis/resolve-own-file";

describe("resolveOwnFile", () => {
  const files = new Set(["index.js", "lib/shell.js", "lib/run.ts", "lib/net/index.js", "lib/io.cjs", "src/tools.mts", "store.js", "store/index.js", "io.ts", "io/index.js", "pkg/package.json", "pkg/dist/main.js", "package.json", "vendor/x/package.json", "vendor/x/shell.js",
    "node_modules/helper/package.json", "node_modules/helper/lib/main.js", "node_modules/helper/run.js",
    "node_modules/@acme/tool/package.json", "node_modules/@acme/tool/dist/index.js", "node_modules/@acme/tool/dist/run.js",
    "lib/node_modules/helper/package.json", "lib/node_modules/helper/index.js"]);
  const manifests: Record<string, Record<string, unknown>> = {
    "": { name: "my-server", exports: { ".": "./index.js", "./shell": { require: "./lib/shell.js" } }, imports: { "#shell": "./lib/shell.js", "#cp": "node:child_process", "#io": { types: "./io.d.ts", node: "./lib/io.cjs", default: "./io.ts" }, "#lib/*": "./lib/*.js", "#gone": "./lib/missing.js", "#out": "../outside.js", "#h": "helper", "#lib/n*": "./lib/n*/index.js", "#run": { require: "./lib/shell.js", import: "./src/tools.mts" }, "#first": { default: "./store.js", node: "./io.ts" } } },
    pkg: { main: "dist/main" },
    "vendor/x": { imports: { "#shell": "./shell.js" } },
    "node_modules/helper": { main: "lib/main.js" },
    "node_modules/@acme/tool": { exports: { ".": { require: "./dist/index.js" }, "./run": "./dist/run.js" } },
    "lib/node_modules/helper": {},
  };
  const layout = { files, bundledNames: new Set(["helper", "@acme/tool"]), namesPackages: true, manifestOf: (folder: string) => manifests[folder] };
  const resolve = (importer: string, specifier: string) => {
    const resolved = resolveOwnFile(importer, specifier, layout);
    return resolved && ("file" in resolved ? resolved.file : `module ${resolved.module}`);
  };

  it("finds the file Node's require would load", () => {
    expect(resolve("index.js", "./lib/shell")).toBe("lib/shell.js");
    expect(resolve("index.js", "./lib/shell.js")).toBe("lib/shell.js");
    expect(resolve("lib/shell.js", "./io.cjs")).toBe("lib/io.cjs");
    expect(resolve("lib/shell.js", "./net")).toBe("lib/net/index.js");
    expect(resolve("lib/net/index.js", "../shell")).toBe("lib/shell.js");
    expect(resolve("lib/shell.js", "..")).toBe("index.js");
    expect(resolve("lib/net/index.js", "../..")).toBe("index.js");
    // A folder's package.json main; a trailing slash names the folder, not a file beside it.
    expect(resolve("index.js", "./pkg")).toBe("pkg/dist/main.js");
    expect(resolve("index.js", "./store")).toBe("store.js");
    expect(resolve("index.js", "./store/")).toBe("store/index.js");
    expect(resolve("index.js", "./store/.")).toBe("store/index.js");
    // require tries .js, .json and .node, not TypeScript's or ES modules' extensions.
    expect(resolve("index.js", "./io")).toBe("io/index.js");
    // ES modules' URLs: a query, a fragment, escapes.
    expect(resolve("index.js", "./lib/shell.js?v=2")).toBe("lib/shell.js");
    expect(resolve("index.js", "./lib/shell.js#x")).toBe("lib/shell.js");
    expect(resolve("index.js", "./lib/s%68ell.js")).toBe("lib/shell.js");
  });

  it("maps #names through the nearest package.json's imports, to files or modules", () => {
    expect(resolve("index.js", "#shell")).toBe("lib/shell.js");
    expect(resolve("lib/net/index.js", "#shell")).toBe("lib/shell.js");
    expect(resolve("vendor/x/index.js", "#shell")).toBe("vendor/x/shell.js");
    expect(resolve("index.js", "#cp")).toBe("module child_process");
    expect(resolve("index.js", "#io")).toBe("lib/io.cjs");
    expect(resolve("index.js", "#lib/shell")).toBe("lib/shell.js");
    // The longest pattern wins; a package's name the tarball bundles is its file.
    expect(resolve("index.js", "#lib/net")).toBe("lib/net/index.js");
    expect(resolve("index.js", "#h")).toBe("node_modules/helper/lib/main.js");
    // Conditions as the importer loads (an ES module imports, CommonJS requires), in the map's own order.
    expect(resolve("index.mjs", "#run")).toBe("src/tools.mts");
    expect(resolve("index.cjs", "#run")).toBe("lib/shell.js");
    expect(resolve("index.js", "#run")).toBe("lib/shell.js");
    expect(resolve("index.js", "#first")).toBe("store.js");
    expect(resolve("index.js", "#gone")).toBeUndefined();
    expect(resolve("index.js", "#out")).toBeUndefined();
    expect(resolve("index.js", "#unknown")).toBeUndefined();
  });

  it("finds the file of a package bundled in the tarball, from the nearest node_modules, through its exports or main", () => {
    expect(resolve("index.js", "helper")).toBe("node_modules/helper/lib/main.js");
    expect(resolve("index.js", "helper/run")).toBe("node_modules/helper/run.js");
    expect(resolve("lib/shell.js", "helper")).toBe("lib/node_modules/helper/index.js");
    expect(resolve("index.js", "@acme/tool")).toBe("node_modules/@acme/tool/dist/index.js");
    expect(resolve("index.js", "@acme/tool/run")).toBe("node_modules/@acme/tool/dist/run.js");
    // exports hide what they do not list; Node's modules and packages not in the tarball are not the package's own.
    expect(resolve("index.js", "@acme/tool/dist/run.js")).toBeUndefined();
    expect(resolve("index.js", "child_process")).toBeUndefined();
    expect(resolve("index.js", "lodash")).toBeUndefined();
  });

  it("finds the package's own files by its own name, through its exports", () => {
    expect(resolve("lib/net/index.js", "my-server")).toBe("index.js");
    expect(resolve("index.js", "my-server/shell")).toBe("lib/shell.js");
    expect(resolve("index.js", "my-server/lib/io.cjs")).toBeUndefined();
  });

  it("finds the file TypeScript would compile for a TypeScript importer", () => {
    expect(resolve("index.ts", "./io")).toBe("io.ts");
    expect(resolve("index.ts", "./lib/run.js")).toBe("lib/run.ts");
    expect(resolve("src/index.mts", "./tools.mjs")).toBe("src/tools.mts");
  });

  it("finds nothing for packages, absolute paths, paths out of the package and missing files", () => {
    expect(resolve("index.js", "child_process")).toBeUndefined();
    expect(resolve("index.js", "/etc/passwd")).toBeUndefined();
    expect(resolve("index.js", "../other/index.js")).toBeUndefined();
    expect(resolve("lib/shell.js", "../../index.js")).toBeUndefined();
    expect(resolve("index.js", "./lib/missing")).toBeUndefined();
  });
});

