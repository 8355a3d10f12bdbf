/**
 * Form fields with real labels: a text/number field and a select (with option groups). Every
 * field has an id tied to its label, a hint tied with `aria-describedby`, and the browser's own
 * keyboard behaviour.
 * @module
 */
import { useId, type ReactNode } from "react";

/** Props of {@link TextField}. */
export interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly hint?: string;
  readonly placeholder?: string;
  /** `numeric` shows a number keypad on phones. */
  readonly inputMode?: "numeric" | "decimal" | "text";
  /** Name for tests and form autofill. */
  readonly name: string;
}

/** A labelled text input. */
export function TextField(p: TextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type="text"
        value={p.value}
        inputMode={p.inputMode ?? "text"}
        placeholder={p.placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={p.hint ? `${id}-hint` : undefined}
        onChange={(e) => p.onChange(e.target.value)}
      />
      {p.hint && (
        <small id={`${id}-hint`} className="hint">
          {p.hint}
        </small>
      )}
    </div>
  );
}

/** One option of a {@link SelectField}. */
export interface Option {
  readonly value: string;
  readonly label: string;
  readonly group?: string;
}

/** Props of {@link SelectField}. */
export interface SelectFieldProps {
  readonly label: string;
  readonly value: string;
  readonly options: readonly Option[];
  readonly onChange: (v: string) => void;
  readonly name: string;
  readonly hint?: ReactNode;
}

/** A labelled select; options with a `group` are shown under an optgroup. */
export function SelectField(p: SelectFieldProps) {
  const id = useId();
  const groups = [...new Set(p.options.map((o) => o.group ?? ""))];
  const render = (o: Option) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  );
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <select id={id} name={p.name} value={p.value} onChange={(e) => p.onChange(e.target.value)} aria-describedby={p.hint ? `${id}-hint` : undefined}>
        {p.options.some((o) => o.value === p.value) ? null : <option value={p.value}>{p.value || "—"}</option>}
        {groups.map((g) =>
          g ? (
            <optgroup key={g} label={g}>
              {p.options.filter((o) => o.group === g).map(render)}
            </optgroup>
          ) : (
            p.options.filter((o) => !o.group).map(render)
          ),
        )}
      </select>
      {p.hint && (
        <small id={`${id}-hint`} className="hint">
          {p.hint}
        </small>
      )}
    </div>
  );
}

/** Props of {@link CheckField}. */
export interface CheckFieldProps {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (v: boolean) => void;
  readonly name: string;
  readonly hint?: string;
}

/** A labelled checkbox. */
export function CheckField(p: CheckFieldProps) {
  const id = useId();
  return (
    <div className="field check-field">
      <label className="check" htmlFor={id}>
        <input id={id} type="checkbox" name={p.name} checked={p.checked} onChange={(e) => p.onChange(e.target.checked)} aria-describedby={p.hint ? `${id}-hint` : undefined} />
        {p.label}
      </label>
      {p.hint && (
        <small id={`${id}-hint`} className="hint">
          {p.hint}
        </small>
      )}
    </div>
  );
}
