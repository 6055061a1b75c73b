/**
 * A date-time as a person types it, made RFC 3339 for the domain functions: a value without a
 * zone (`2026-11-22T13:15`, `2026-11-22 13:15`, `2026-11-22`) is read as UTC, as the pages show
 * times in UTC. Anything else is passed on unchanged, for the domain's validation to name.
 */
export function utcDateTime(value: string): string {
  const text = value.trim();
  const date = /^(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (date) return `${date[1]}T00:00:00Z`;
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?$/i.exec(text);
  if (local) return `${local[1]}T${local[2]}${local[3] ?? ":00"}Z`;
  return text;
}
