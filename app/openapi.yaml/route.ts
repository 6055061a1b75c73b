import { methodsNotAllowed, withProblems } from "@/lib/http/problem";
import { sigilOpenApiYaml } from "@/lib/openapi/sigil-openapi";

export const dynamic = "force-dynamic";

export const GET = withProblems(async () =>
  new Response(sigilOpenApiYaml(), { headers: { "content-type": "application/yaml; charset=utf-8" } }),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
