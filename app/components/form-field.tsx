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

interface FieldProps {
  id: string;
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
}

const describedBy = ({ id, hint, error }: Pick<FieldProps, "id" | "hint" | "error">) => [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;

/** A labelled control with its hint and its error under it (hints under the control, so that controls side by side line up). */
function Field({ id, label, error, hint, children }: Omit<FieldProps, "name"> & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
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
 * A labelled input with its hint and its error under it. `id` must be unique on the page (a page
 * can hold several forms); the error is tied to the input with aria-invalid and aria-describedby.
 */
export function TextField({ id, name, label, error, hint, ...input }: FieldProps & InputProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy({ id, hint, error })} {...input} />
    </Field>
  );
}

/** A labelled drop-down list, with its hint and its error tied to it as TextField's are. */
export function SelectField({ id, name, label, error, hint, options, defaultValue }: FieldProps & { options: readonly { value: string; label: ReactNode }[]; defaultValue?: string }) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy({ id, hint, error })}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
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
  return (
    <fieldset className="choices" aria-describedby={describedBy({ id, hint, error })}>
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
