import { publishThroughReview } from "./publish-through-review";
import { disconnectDb } from "@/lib/db/client";
import { submitVersion } from "@/lib/versions/submit-version";
import { serverJson } from "./registry-fixtures";

// Run as a separate OS process by the multi-process test: submits and publishes versions of
// one server into the database at DATABASE_URL.
const [serverName, maintainerId, reviewerId, ...versions] = process.argv.slice(2);
for (const version of versions) {
  const submitted = await submitVersion(serverJson(serverName!, version), maintainerId!);
  await publishThroughReview(submitted.id, reviewerId!);
}
await disconnectDb();
