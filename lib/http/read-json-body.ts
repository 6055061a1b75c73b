import { badRequest, SigilError } from "@/lib/errors";

const MAX_BODY_BYTES = 1024 * 1024;

/** The request's JSON body, or a 400/413 that says what is wrong with it; with `optional`, `{}` for no body. */
export async function readJsonBody(request: Request, { optional = false } = {}): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new SigilError(413, "Content Too Large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new SigilError(413, "Content Too Large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
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
