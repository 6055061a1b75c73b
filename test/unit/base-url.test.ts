import { describe, expect, it } from "vitest";
import { registryBaseUrl } from "@/lib/web/base-url";

const headers = new Headers({ host: "registry.internal:3000", "x-forwarded-host": "evil.example, proxy", "x-forwarded-proto": "https" });

describe("registryBaseUrl", () => {
  it("uses the request's Host and ignores forwarded headers by default", () => {
    expect(registryBaseUrl(headers, {})).toBe("http://registry.internal:3000");
  });
  it("believes the first forwarded host and protocol behind a trusted proxy", () => {
    expect(registryBaseUrl(headers, { SIGIL_TRUST_PROXY: "true" })).toBe("https://evil.example");
  });
  it("prefers the configured public URL, without a trailing slash", () => {
    expect(registryBaseUrl(headers, { SIGIL_PUBLIC_URL: "https://sigil.example.org/", SIGIL_TRUST_PROXY: "true" })).toBe("https://sigil.example.org");
  });
});
