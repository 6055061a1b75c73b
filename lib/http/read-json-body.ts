import crypto from "node:crypto";
import { badRequest, SigilError } from "@/lib/errors";

const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = (max: number) => new SigilError(413, "Content Too Large", `The body is larger than ${max} bytes.`);

/** Reads the request's body chunk by chunk, until `max` bytes and no further: a larger one is a 413, however it is sent. */
async function eachBodyChunk(request: Request, max: number, take: (chunk: Uint8Array) => void): Promise<void> {
  if (Number(request.headers.get("content-length") ?? 0) > max) throw tooLarge(max);
  if (!request.body) return;
  let size = 0;
  const reader = request.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    take(chunk.value);
  }
}

/** The request's body, at most `max` bytes. */
async function readBodyBytes(request: Request, max: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  await eachBodyChunk(request, max, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

/** The SHA-512 and SHA-256 (hex) of the request's body, at most `max` bytes, hashed as it arrives: nothing of it is kept. */
export async function digestBody(request: Request, max: number): Promise<{ sha512: string; sha256: string }> {
  const sha512 = crypto.createHash("sha512");
  const sha256 = crypto.createHash("sha256");
  await eachBodyChunk(request, max, (chunk) => {
    sha512.update(chunk);
    sha256.update(chunk);
  });
  return { sha512: sha512.digest("hex"), sha256: sha256.digest("hex") };
}

/** The request's JSON body, or a 400/413 that says what is wrong with it; with `optional`, `{}` for no body. */
export async function readJsonBody(request: Request, { optional = false } = {}): Promise<unknown> {
  const text = (await readBodyBytes(request, MAX_BODY_BYTES)).toString("utf8");
  if (!text.trim()) {
    if (optional) return {};
    throw badRequest("The request has no body; send JSON.");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
}
