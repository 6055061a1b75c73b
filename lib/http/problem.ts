import { type FieldError, SigilError } from "@/lib/errors";
import { log } from "@/lib/log";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** An RFC 7807 problem document. */
export function problemResponse(status: number, title: string, detail: string, errors: FieldError[] = [], headers: Record<string, string> = {}): Response {
  const body = { type: "about:blank", title, status, detail, ...(errors.length ? { errors } : {}) };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...headers },
  });
}

/**
 * Handlers for the methods a route does not answer, so that they get a problem document rather
 * than Next.js's empty 405. Destructured in a route module: `export const { POST, PUT } = ...`.
 */
export function methodsNotAllowed(allowed: string) {
  const handler = async () => problemResponse(405, "Method Not Allowed", `This resource answers only ${allowed}.`, [], { allow: allowed });
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}

/**
 * Wraps a route handler so that every failure is answered as problem JSON: a SigilError with
 * its own status and message, anything else as a 500 whose details go to the log, not the
 * client.
 */
export function withProblems<A extends unknown[]>(handler: (request: Request, ...rest: A) => Promise<Response>) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      if (error instanceof SigilError) return problemResponse(error.status, error.title, error.detail, error.errors);
      const errorId = crypto.randomUUID();
      log.error({ errorId, method: request.method, url: request.url, err: error }, "unhandled error in route handler");
      return problemResponse(500, "Internal Server Error", `The registry failed to answer this request (error id ${errorId}).`);
    }
  };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, init);
}
