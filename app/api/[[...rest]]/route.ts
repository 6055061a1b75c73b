import { problemResponse } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

// Any /api path no route answers: a problem document, not Next.js's HTML page.
const noSuchResource = async (request: Request) =>
  problemResponse(404, "Not Found", `No API resource at ${new URL(request.url).pathname}.`);

export { noSuchResource as GET, noSuchResource as POST, noSuchResource as PUT, noSuchResource as PATCH, noSuchResource as DELETE };
