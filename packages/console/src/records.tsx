/** What the jobs and events pages share: times, a record's fields as a list, its state as a mark. */

export const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

export function StateMark({ state }: { state: string }) {
  return <mark className={`state record-${state}`}>{state}</mark>;
}

export function FieldList({ rows }: { rows: ReadonlyArray<[string, string | number]> }) {
  return (
    <dl className="record-fields">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A select of `options` with "any" first (the empty value). */
export function FilterSelect(props: {
  label: string;
  value: string;
  options: readonly string[];
  onChange(value: string): void;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">any</option>
        {props.options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </label>
  );
}
