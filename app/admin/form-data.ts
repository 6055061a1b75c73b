/** A text field of a submitted form, trimmed; undefined when it is missing or blank. */
export function textOf(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** Every value of a repeated field (checkboxes), as text. */
export function allOf(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}
