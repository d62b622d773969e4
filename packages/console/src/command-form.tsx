/**
 * A command's parameters as a form generated from its JSON Schema by react-jsonschema-form:
 * types, enums as selects, defaults, required marks and descriptions come from the schema the
 * catalogue publishes (zod's JSON Schema, draft 2020-12, validated with ajv's 2020 class).
 */
import Form from "@rjsf/core";
import type { RJSFSchema } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import { Ajv2020 } from "ajv/dist/2020.js";
import { useMemo } from "react";
import type { CatalogueEntry } from "./api-types";
import { uiSchemaOf } from "./form-ui";
import { JsonField } from "./json-field";

const validator = customizeValidator({ AjvClass: Ajv2020 });
const fields = { json: JsonField };

export interface CommandFormProps {
  command: CatalogueEntry;
  values: Record<string, unknown>;
  onChange(values: Record<string, unknown>): void;
  onSubmit(values: Record<string, unknown>): void;
  busy?: boolean;
  submitLabel: string;
}

export function CommandForm({ command, values, onChange, onSubmit, busy, submitLabel }: CommandFormProps) {
  const schema = command.schema as RJSFSchema;
  const uiSchema = useMemo(() => uiSchemaOf(schema), [schema]);
  return (
    <Form
      // a new form per command: field state (the JSON text areas') starts again
      key={command.id}
      schema={schema}
      uiSchema={uiSchema}
      validator={validator}
      fields={fields}
      formData={values}
      idPrefix={`cmd_${command.id.replace(/\W/g, "_")}`}
      noHtml5Validate
      showErrorList="top"
      onChange={(event) => onChange((event.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(event) => onSubmit((event.formData ?? {}) as Record<string, unknown>)}
    >
      <button type="submit" aria-busy={busy ? "true" : "false"} disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
