import { systemActor } from "@/lib/actor";
import { type PublicationStep, publishVersion } from "@/lib/versions/publish-version";

// Run as a separate OS process by the publication tests: publishes one approved version and
// kills itself with SIGKILL (no clean-up, no rollback by the process) when the publication
// reaches the step named, as a crash or an OOM kill would.
const [versionId, crashAt] = process.argv.slice(2) as [string, PublicationStep];
await publishVersion(versionId, systemActor("publisher"), {
  onStep: (step) => {
    if (step === crashAt) process.kill(process.pid, "SIGKILL");
  },
});
process.exit(0);
