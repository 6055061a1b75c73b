import { badRequest, SigilError } from "@/lib/errors";

const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = (max: number) => new SigilError(413, "Content Too Large", `The body is larger than ${max} bytes.`);

/** The request's body, read until `max` bytes and no further: a larger one is a 413, however it is sent. */
export async function readBodyBytes(request: Request, max: number): Promise<Buffer> {
  if (Number(request.headers.get("content-length") ?? 0) > max) throw tooLarge(max);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
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
