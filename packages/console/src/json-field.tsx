/**
 * The form field for a parameter whose schema takes any JSON (no type, a free-form object, a
 * union): a text area holding JSON. Text that does not parse is passed on as a string, which is
 * what such a parameter receives from a diagram too; the validator then names any mismatch.
 */
import type { FieldProps } from "@rjsf/utils";
import { useState } from "react";

const show = (value: unknown) => (value === undefined ? "" : JSON.stringify(value, null, 2));

/** rjsf leaves the label and description of a custom field to the field itself. */
export function JsonField({ formData, onChange, fieldPathId, disabled, readonly, required, name, schema }: FieldProps) {
  const [text, setText] = useState(() => show(formData));
  const [parses, setParses] = useState(true);
  return (
    <>
      <label htmlFor={fieldPathId.$id}>
        {name}
        {required ? "*" : ""}
      </label>
      {schema.description ? <p className="field-description">{schema.description}</p> : null}
      <textarea
        id={fieldPathId.$id}
        name={fieldPathId.$id}
        className="json-field"
        rows={Math.min(8, Math.max(2, text.split("\n").length))}
        value={text}
        required={required}
        disabled={disabled || readonly}
        spellCheck={false}
        placeholder='JSON, e.g. {"Accept": "application/json"}'
        aria-describedby={`${fieldPathId.$id}__json`}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (next.trim() === "") {
            setParses(true);
            onChange(undefined, fieldPathId.path);
            return;
          }
          try {
            onChange(JSON.parse(next) as unknown, fieldPathId.path);
            setParses(true);
          } catch {
            onChange(next, fieldPathId.path);
            setParses(false);
          }
        }}
      />
      <small id={`${fieldPathId.$id}__json`}>{parses ? "JSON" : "Not JSON: sent as text"}</small>
    </>
  );
}
