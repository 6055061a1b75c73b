import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import npa from "npm-package-arg";
import pacote from "pacote";
import ssri from "ssri";
import { ScanError } from "@/scanner/scan-error";
import { digestTarball, type TarballDigests } from "@/scanner/target/tarball-digests";

export interface FetchedTarball extends TarballDigests {
  name: string;
  version: string;
  bytes: Buffer;
  /** Where the bytes came from. */
  resolved: string;
}

export interface FetchOptions {
  /** npm registry URL; by default the npm registry. */
  registry?: string;
}

/** `name@1.2.3` only: a scan is of exact bytes, never of whatever a range or tag points to today. */
export function parseExactSpec(spec: string): { name: string; version: string } {
  let parsed: ReturnType<typeof npa>;
  try {
    parsed = npa(spec);
  } catch (error) {
    throw new ScanError("bad-target", `"${spec}" is not an npm package spec: ${(error as Error).message}`);
  }
  if (parsed.type !== "version" || !parsed.name || !parsed.fetchSpec) {
    throw new ScanError("bad-target", `"${spec}" must name an exact version, such as ${parsed.name ?? "package"}@1.2.3 (not a range, tag, URL or path).`);
  }
  return { name: parsed.name, version: parsed.fetchSpec };
}

/**
 * Fetches the exact tarball of `name@version` with pacote, which refuses bytes that do not
 * match the integrity the registry publishes; the sha512 is then checked again here, over the
 * same bytes that are digested and scanned. Nothing in the package runs.
 */
export async function fetchNpmTarball(spec: string, options: FetchOptions = {}): Promise<FetchedTarball> {
  const { name, version } = parseExactSpec(spec);
  return withPrivateCache(async (cache) => {
    const pacoteOptions = { registry: options.registry, cache, preferOnline: true, fullMetadata: false };
    let manifest: Awaited<ReturnType<typeof pacote.manifest>>;
    try {
      manifest = await pacote.manifest(`${name}@${version}`, pacoteOptions);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "E404" || code === "ETARGET") throw new ScanError("not-found", `${name}@${version} is not in the registry.`);
      throw new ScanError("fetch-failed", `Could not read ${name}@${version} from the registry: ${(error as Error).message}`);
    }
    const published = manifest._integrity;
    if (!published) throw new ScanError("integrity-mismatch", `The registry publishes no integrity for ${name}@${version}; its bytes cannot be pinned.`);
    const bytes = await downloadPinned(`${name}@${version}`, `${name}@${version}`, published, pacoteOptions);
    return { name, version: manifest.version, bytes, resolved: manifest._resolved, ...digestTarball(bytes) };
  });
}

/** Runs a fetch with a cache of its own, removed after it: the bytes scanned are the bytes the registry serves now. */
async function withPrivateCache<T>(fetch: (cache: string) => Promise<T>): Promise<T> {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-fetch-"));
  try {
    return await fetch(cache);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

/** Downloads a tarball (by spec or address) with pacote, refusing bytes that do not match `integrity`, and checks them again here. */
async function downloadPinned(source: string, label: string, integrity: string, pacoteOptions: Parameters<typeof pacote.tarball>[1]): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await pacote.tarball(source, { ...pacoteOptions, integrity });
  } catch (error) {
    if ((error as { code?: string }).code === "EINTEGRITY") {
      throw new ScanError("integrity-mismatch", `The tarball of ${label} does not match the integrity the registry publishes (${integrity}).`);
    }
    throw new ScanError("fetch-failed", `Could not download ${label}: ${(error as Error).message}`);
  }
  if (!ssri.checkData(bytes, integrity)) throw new ScanError("integrity-mismatch", `The tarball of ${label} does not match the integrity the registry publishes (${integrity}).`);
  return bytes;
}

/**
 * Fetches `name@version` from the address the registry serves it at, pinned by the integrity it
 * publishes, both read from its packument moments before (by the dependency audit): one request,
 * where fetchNpmTarball reads the packument again first, which made fetching a package's
 * dependencies three times slower than analysing them.
 */
export async function fetchPinnedTarball(spec: string, address: string, integrity: string): Promise<FetchedTarball> {
  const { name, version } = parseExactSpec(spec);
  return withPrivateCache(async (cache) => {
    const bytes = await downloadPinned(address, spec, integrity, { cache, preferOnline: true });
    return { name, version, bytes, resolved: address, ...digestTarball(bytes) };
  });
}
