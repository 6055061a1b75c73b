import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkEntryPath } from "@/scanner/extract/entry-path";
import { extractTarball } from "@/scanner/extract/extract-tarball";
import { DEFAULT_EXTRACTION_LIMITS } from "@/scanner/extract/extraction-limits";
import { fetchNpmTarball } from "@/scanner/target/fetch-npm-tarball";
import { packTarball } from "../support/fake-npm-registry";
import { gzip, gzipBomb, rawTar } from "../support/raw-tar";

const workDirs: string[] = [];
/** A scratch folder holding the extraction target, and a sentinel folder beside it that must stay empty. */
function scratch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-extract-"));
  workDirs.push(dir);
  fs.mkdirSync(path.join(dir, "outside"));
  return { destination: path.join(dir, "unpacked"), outside: path.join(dir, "outside"), dir };
}
afterEach(() => workDirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function allPaths(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe("extractTarball", () => {
  it("unpacks an honest package's files, without the package/ prefix and without execute bits", async () => {
    const { destination } = scratch();
    const tgz = await packTarball({ "package.json": '{"name":"ok","version":"1.0.0"}', "dist/index.js": "console.log(1)\n", "README.md": "# ok\n" });
    const result = await extractTarball(tgz, destination);
    expect(result.files.map((f) => f.path)).toEqual(["README.md", "dist/index.js", "package.json"]);
    expect(result.refused).toEqual([]);
    expect(fs.readFileSync(path.join(destination, "dist/index.js"), "utf8")).toBe("console.log(1)\n");
    expect(fs.statSync(path.join(destination, "dist/index.js")).mode & 0o777).toBe(0o644);
    expect(result.unpackedBytes).toBe(result.files.reduce((n, f) => n + f.size, 0));
    // The analysis reads the bytes from memory: they must be the bytes written.
    expect([...result.contents.keys()]).toEqual(result.files.map((f) => f.path));
    for (const file of result.files) expect(result.contents.get(file.path)!.equals(fs.readFileSync(path.join(destination, file.path)))).toBe(true);
  });

  it.each([
    ["an absolute path", { name: "/tmp/sigil-evil-absolute", content: "x" }, "absolute path"],
    ["a path that climbs out", { name: "package/../../outside/evil.sh", content: "x" }, "path leaves the package folder (..)"],
    ["a Windows-style climb", { name: "package\\..\\..\\outside\\evil.sh", content: "x" }, "path leaves the package folder (..)"],
    ["a symlink to a system file", { name: "package/passwd", type: "2", linkname: "/etc/passwd" }, "links are never extracted"],
    ["a symlink out of the folder", { name: "package/up", type: "2", linkname: "../../outside" }, "links are never extracted"],
    ["a hard link to a system file", { name: "package/shadow", type: "1", linkname: "/etc/shadow" }, "links are never extracted"],
    ["a character device", { name: "package/null", type: "3" }, "CharacterDevice entries are never extracted"],
    ["a block device", { name: "package/disk", type: "4" }, "BlockDevice entries are never extracted"],
    ["a FIFO", { name: "package/pipe", type: "6" }, "FIFO entries are never extracted"],
  ])("refuses %s and writes nothing outside its folder", async (_label, entry, reason) => {
    const { destination, outside, dir } = scratch();
    const result = await extractTarball(gzip(rawTar([{ name: "package/package.json", content: "{}" }, entry, { name: "package/up/evil.sh", content: "pwned" }])), destination);
    expect(result.refused).toEqual([expect.objectContaining({ path: entry.name, reason })]);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.existsSync("/tmp/sigil-evil-absolute")).toBe(false);
    // Nothing but the extraction folder and the sentinel exists in the scratch folder, and no link anywhere.
    expect(fs.readdirSync(dir).sort()).toEqual(["outside", "unpacked"]);
    for (const p of allPaths(destination)) expect(fs.lstatSync(path.join(destination, p)).isSymbolicLink()).toBe(false);
    // A file "through" a refused symlink lands in an ordinary folder inside the package.
    expect(fs.readFileSync(path.join(destination, "up/evil.sh"), "utf8")).toBe("pwned");
  });

  it("stops a gzip bomb while it inflates", async () => {
    const { destination } = scratch();
    const bomb = await gzipBomb(64 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(extractTarball(bomb, destination, { ...DEFAULT_EXTRACTION_LIMITS, maxArchiveBytes: 8 * 1024 * 1024 })).rejects.toMatchObject({
      code: "unsafe-archive",
      message: expect.stringContaining("inflates past"),
    });
  });

  it("stops at the file-count and unpacked-size caps", async () => {
    const many = gzip(rawTar(Array.from({ length: 12 }, (_, i) => ({ name: `package/f${i}.js`, content: "x" }))));
    await expect(extractTarball(many, scratch().destination, { ...DEFAULT_EXTRACTION_LIMITS, maxFiles: 10 })).rejects.toMatchObject({ message: expect.stringContaining("more than 10 files") });
    const big = gzip(rawTar([{ name: "package/a.js", content: "a".repeat(600) }, { name: "package/b.js", content: "b".repeat(600) }]));
    await expect(extractTarball(big, scratch().destination, { ...DEFAULT_EXTRACTION_LIMITS, maxUnpackedBytes: 1000 })).rejects.toMatchObject({ message: expect.stringContaining("more than 1000 bytes") });
  });

  it("refuses a single oversized file or an over-deep path but extracts the rest", async () => {
    const { destination } = scratch();
    const tar = gzip(rawTar([
      { name: "package/huge.wasm", content: "w".repeat(200) },
      { name: "package/a/b/c/d/e/f/g.js", content: "deep" },
      { name: "package/index.js", content: "ok" },
    ]));
    const result = await extractTarball(tar, destination, { ...DEFAULT_EXTRACTION_LIMITS, maxFileBytes: 100, maxDepth: 5 });
    expect(result.files.map((f) => f.path)).toEqual(["index.js"]);
    expect(result.refused.map((r) => r.reason)).toEqual(["file larger than 100 bytes is not extracted", "nested deeper than 5 folders"]);
  });

  it("reports a damaged archive as unsafe rather than half-extracting it silently", async () => {
    const tgz = await packTarball({ "package.json": "{}", "index.js": "x".repeat(5000) });
    const truncated = gzip(Buffer.from(rawTar([{ name: "package/index.js", content: "y".repeat(5000) }]).subarray(0, 1500)));
    await expect(extractTarball(truncated, scratch().destination)).rejects.toMatchObject({ code: "unsafe-archive" });
    await expect(extractTarball(tgz.subarray(0, 40), scratch().destination)).rejects.toMatchObject({ code: "unsafe-archive" });
  });

  it("writes a large archive on a worker thread, with the same files, bytes and modes", async () => {
    const { destination } = scratch();
    const many = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`lib/part-${i}/index.js`, `export const n = ${i};\n`]));
    const result = await extractTarball(await packTarball({ "package.json": "{}", ...many }), destination);
    expect(result.files).toHaveLength(121);
    for (const file of result.files) {
      expect(fs.readFileSync(path.join(destination, file.path)).equals(result.contents.get(file.path)!)).toBe(true);
      expect(fs.statSync(path.join(destination, file.path)).mode & 0o777).toBe(0o644);
    }
    expect(fs.statSync(path.join(destination, "lib/part-7")).mode & 0o777).toBe(0o755);
  });

  it("keeps the last of two entries with the same name, as tar does", async () => {
    const { destination } = scratch();
    const result = await extractTarball(gzip(rawTar([{ name: "package/x.js", content: "first" }, { name: "package/x.js", content: "second!" }])), destination);
    expect(fs.readFileSync(path.join(destination, "x.js"), "utf8")).toBe("second!");
    expect(result.files).toEqual([{ path: "x.js", size: 7 }]);
  });
});

describe("checkEntryPath", () => {
  const limits = { maxDepth: 3, maxPathLength: 50 };
  it.each([
    ["package/a/b.js", ["a", "b.js"]],
    ["package/./a//b.js", ["a", "b.js"]],
    ["package", []],
  ])("accepts %s", (raw, segments) => expect(checkEntryPath(raw, limits)).toEqual({ ok: true, segments }));
  it.each(["/etc/passwd", "C:/Windows/x", "package/../x", "package/a/../../x", "x".repeat(51), "package/a/b/c/d.js"])("refuses %s", (raw) => {
    expect(checkEntryPath(raw, limits).ok).toBe(false);
  });
});

describe("a real MCP server from npm", () => {
  it("is fetched at its pinned integrity and extracted whole", async () => {
    const fetched = await fetchNpmTarball("@modelcontextprotocol/server-memory@2025.11.25");
    const { destination } = scratch();
    const result = await extractTarball(fetched.bytes, destination);
    expect(result.refused).toEqual([]);
    expect(result.files.map((f) => f.path)).toEqual(expect.arrayContaining(["package.json", "dist/index.js"]));
    const manifest = JSON.parse(fs.readFileSync(path.join(destination, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "@modelcontextprotocol/server-memory", version: "2025.11.25" });
  });
});

describe("extractTarball against colliding and nested archives", () => {
  it.each([
    ["a file, then a folder of the same name", [{ name: "package/a", content: "file" }, { name: "package/a/", type: "5" }, { name: "package/a/x.js", content: "x" }]],
    ["a folder, then a file of the same name", [{ name: "package/a/", type: "5" }, { name: "package/a/x.js", content: "x" }, { name: "package/a", content: "file" }]],
  ])("refuses %s without crashing, and lists only files that exist", async (_label, entries) => {
    const { destination } = scratch();
    const result = await extractTarball(gzip(rawTar(entries)), destination);
    expect(result.refused.length).toBeGreaterThan(0);
    for (const file of result.files) expect(fs.statSync(path.join(destination, file.path)).isFile()).toBe(true);
  });

  it("refuses an archive compressed twice, which would inflate past the cap", async () => {
    const inner = await gzipBomb(4 * 1024 * 1024);
    await expect(extractTarball(gzip(inner), scratch().destination, { ...DEFAULT_EXTRACTION_LIMITS, maxArchiveBytes: 1024 * 1024 })).rejects.toMatchObject({
      code: "unsafe-archive",
      message: expect.stringContaining("compressed more than once"),
    });
  });
});
