#!/usr/bin/env node
// The current time anywhere, and conversions between time zones: nothing leaves the process.
import { createServer } from "@sigil-demo/mcp-stdio";

const format = (date, timeZone) => new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "full", timeStyle: "long" }).format(date);

const server = createServer({ name: "time", version: "1" });
server.tool(
  "current_time",
  "The current date and time in a time zone.",
  { type: "object", properties: { timeZone: { type: "string", description: "An IANA time zone, such as Europe/Paris" } }, required: ["timeZone"] },
  async ({ timeZone }) => format(new Date(), timeZone),
);
server.tool(
  "convert_time",
  "Convert an ISO 8601 date and time into another time zone.",
  { type: "object", properties: { time: { type: "string", description: "An ISO 8601 date and time with its offset" }, timeZone: { type: "string", description: "The target IANA time zone" } }, required: ["time", "timeZone"] },
  async ({ time, timeZone }) => format(new Date(time), timeZone),
);
server.start();
