import { ClientError } from "@/lib/client/client-error";

const TIMEOUT_MS = 30_000;

/** Reads a Sigil registry over HTTP; every failure is an UNAVAILABLE ClientError that says which URL and why. */
export class RegistryClient {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new ClientError("USAGE", `--registry ${baseUrl} is not a URL.`);
    }
    if (!/^https?:$/.test(url.protocol)) throw new ClientError("USAGE", `--registry ${baseUrl} is not an http(s) URL.`);
    this.baseUrl = url.toString().replace(/\/+$/, "");
  }

  /** `path` (absolute, or relative to the registry) as text, or null for a 404 when `allowMissing`. */
  async text(path: string, { allowMissing = false } = {}): Promise<string | null> {
    const url = path.startsWith("http") ? path : `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/json" } });
    } catch (error) {
      throw new ClientError("UNAVAILABLE", `${url} could not be reached: ${(error as Error).message}`);
    }
    if (response.status === 404 && allowMissing) return null;
    if (!response.ok) {
      const detail = await response.json().then((body: { detail?: string }) => body.detail, () => undefined);
      throw new ClientError("UNAVAILABLE", `${url} answered ${response.status}${detail ? `: ${detail}` : ""}`);
    }
    return response.text();
  }

  async json(path: string): Promise<unknown>;
  async json(path: string, options: { allowMissing: true }): Promise<unknown | null>;
  async json(path: string, options: { allowMissing?: boolean } = {}): Promise<unknown | null> {
    const text = await this.text(path, options);
    if (text === null) return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new ClientError("UNAVAILABLE", `${path} did not answer JSON.`);
    }
  }
}
