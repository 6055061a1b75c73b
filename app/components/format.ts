const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A time as pages show it, in UTC so that every reader sees the same text. */
export const formatTime = (date: Date | string | null | undefined) => (date ? `${dateTime.format(new Date(date))} UTC` : "—");
