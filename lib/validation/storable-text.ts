import type { FieldError } from "@/lib/errors";
import { formatFieldPath } from "@/lib/validation/field-path";

/**
 * Text PostgreSQL can store: no NUL character and no unpaired UTF-16 surrogate (both valid in
 * JSON, both refused by PostgreSQL's text and json types).
 */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

/**
 * Text a name, version, search or cursor can be: storable, and free of control characters,
 * which none of them ever holds.
 */
export function isPlainText(text: string): boolean {
  return text.isWellFormed() && !/[\u0000-\u001f\u007f]/.test(text);
}

/** Every string (keys included) in a parsed JSON value that PostgreSQL could not store. */
export function unstorableTextIn(value: unknown, path: PropertyKey[] = []): FieldError[] {
  const message = "must not contain NUL characters or unpaired surrogates";
  if (typeof value === "string") return isStorableText(value) ? [] : [{ location: formatFieldPath(path), message }];
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableTextIn(item, [...path, i]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(isStorableText(key) ? [] : [{ location: formatFieldPath([...path, key]), message: `has a key that ${message}` }]),
      ...unstorableTextIn(item, [...path, key]),
    ]);
  }
  return [];
}

/**
 * A JSON value with every string made storable: unpaired surrogates and NULs become U+FFFD.
 * For documents Sigil writes itself from untrusted material (scan reports quote package code).
 */
export function toStorableJson<T>(value: T): T {
  if (typeof value === "string") return (isStorableText(value) ? value : value.toWellFormed().replaceAll("\u0000", "\uFFFD")) as T;
  if (Array.isArray(value)) return value.map(toStorableJson) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [toStorableJson(key), toStorableJson(item)])) as T;
  return value;
}
