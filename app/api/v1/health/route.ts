import { checkDatabase } from "@/lib/db/check-database";
import { json, methodsNotAllowed, withProblems } from "@/lib/http/problem";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

export const GET = withProblems(async () => {
  await checkDatabase();
  return json({ status: "ok", database: "reachable", version: packageJson.version });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed("GET");
