import { Logger } from "graphile-worker";
import { log } from "@/lib/log";

/** graphile-worker's log lines as Sigil's structured JSON, tagged with the queue's scope. */
export const graphileLogger = new Logger((scope) => (level, message, meta) => {
  const fields = { component: "job-queue", ...scope, ...meta };
  if (level === "error") log.error(fields, message);
  else if (level === "warning") log.warn(fields, message);
  else if (level === "info") log.info(fields, message);
  else log.debug(fields, message);
});
