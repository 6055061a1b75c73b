import type { InputHTMLAttributes, ReactNode } from "react";
import type { FormState } from "@/lib/web/form-state";

/**
 * What the pages' forms get back: FormState, and after a failure the values sent (never
 * passwords), which the form shows again: React resets a form after its action, to its fields'
 * default values.
 */
export type ResultState = FormState & { values?: Record<string, string | string[] | undefined> };

/** A value sent back in `state.values`, as text. */
export const valueOf = (state: ResultState, name: string) => {
  const value = state.values?.[name];
  return typeof value === "string" ? value : undefined;
};

/** Values sent back in `state.values`, as a list (checkboxes). */
export const valuesOf = (state: ResultState, name: string) => {
  const value = state.values?.[name];
  return Array.isArray(value) ? value : undefined;
};

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "aria-invalid" | "aria-describedby">;

/**
 * A labelled input with its hint and its error under it (hints under the input, so that inputs side by side line up). `id` must be unique on the page (a page
 * can hold several forms); the error is tied to the input with aria-invalid and aria-describedby.
 */
export function TextField({ id, name, label, error, hint, ...input }: { id: string; name: string; label: ReactNode; error?: string; hint?: ReactNode } & InputProps) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} {...input} />
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A group of checkboxes (or radio buttons) with a legend, each with its own label, and the
 * group's error under it.
 */
export function ChoiceGroup({
  id,
  name,
  legend,
  options,
  type = "checkbox",
  defaultChecked = [],
  error,
  hint,
}: {
  id: string;
  name: string;
  legend: ReactNode;
  options: readonly { value: string; label: ReactNode }[];
  type?: "checkbox" | "radio";
  defaultChecked?: readonly string[];
  error?: string;
  hint?: ReactNode;
}) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <fieldset className="choices" aria-describedby={described || undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <div className="choice-list">
        {options.map((option) => (
          <label key={option.value} className="choice" htmlFor={`${id}-${option.value}`}>
            <input
              id={`${id}-${option.value}`}
              type={type}
              name={name}
              value={option.value}
              defaultChecked={defaultChecked.includes(option.value)}
              aria-invalid={error ? true : undefined}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * A form's outcome: the live region for successes is always in the page (so that screen readers
 * announce what appears in it), failures are alerts.
 */
export function FormResult({ state, compact = false }: { state: FormState; compact?: boolean }) {
  const size = compact ? " compact" : "";
  return (
    <>
      <div role="status" className="result-slot">
        {state.done && <p className={`notice${size}`}>{state.done}</p>}
      </div>
      {state.message && (
        <p className={`error-box${size}`} role="alert">
          {state.message}
        </p>
      )}
    </>
  );
}
