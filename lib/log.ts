import pino from "pino";

/** Structured JSON logs on stdout, one object per line. */
export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "sigil" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
