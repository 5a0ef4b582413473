import { Button, Combobox, Dropdown, Field, Input, makeStyles, Option, Text, tokens } from '@fluentui/react-components';
import { useId, useState } from 'react';
import {
  DRILL_FAULTS,
  drillFaultSchema,
  type DrillFault,
  type DrillFaultField,
  type DrillSiteState,
} from '../../../shared/drill-contract';
import { useDrillStore } from '../store/drill-store';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  description: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

type FaultKind = DrillFault['kind'];
const KINDS = Object.keys(DRILL_FAULTS) as FaultKind[];
/** The instance name the fault's form takes for the default instance, as SQL Server names it. */
const DEFAULT_INSTANCE = 'MSSQLSERVER';

function defaults(kind: FaultKind): Record<string, string> {
  return Object.fromEntries(DRILL_FAULTS[kind].fields.map((field) => [field.name, field.defaultValue ?? '']));
}

/** What is wrong with a field's value, in the operator's words; null when nothing is. */
function fieldProblem(field: DrillFaultField, text: string): string | null {
  if (text === '') return field.optional ? null : `${field.label}: give a value.`;
  const number = Number(text);
  if (field.kind === 'count' && !(Number.isInteger(number) && number >= 1 && number <= 100)) {
    return `${field.label}: a whole number from 1 to 100.`;
  }
  if (field.kind === 'integer' && !Number.isInteger(number)) return `${field.label}: a whole number.`;
  return null;
}

/** The fault as drillFaultSchema takes it, or what is wrong with the values. */
function buildFault(kind: FaultKind, values: Record<string, string>): { fault: DrillFault } | { problem: string } {
  const raw: Record<string, unknown> = { kind };
  for (const field of DRILL_FAULTS[kind].fields) {
    const text = (values[field.name] ?? '').trim();
    const problem = fieldProblem(field, text);
    if (problem) return { problem };
    if (text === '') continue;
    if (field.kind === 'count' || field.kind === 'integer') raw[field.name] = Number(text);
    else if (field.name === 'instanceName' && text.toUpperCase() === DEFAULT_INSTANCE) raw[field.name] = null;
    else raw[field.name] = text;
  }
  const parsed = drillFaultSchema.safeParse(raw);
  return parsed.success
    ? { fault: parsed.data }
    : { problem: `The fault is not valid: ${parsed.error.issues[0]?.message ?? 'check its values'}.` };
}

function choices(field: DrillFaultField, site: DrillSiteState, values: Record<string, string>): string[] | null {
  switch (field.kind) {
    case 'computer':
      return site.computers.map((computer) => computer.name);
    case 'service':
      return (
        site.computers.find((computer) => computer.name === values.computer)?.services.map((service) => service.name) ??
        []
      );
    case 'sql-server':
      return site.sqlServers.map((server) => server.name);
    case 'backup-file':
      return Object.values(site.files)
        .filter((file) => file.sqlBackup)
        .map((file) => file.path);
    default:
      return null;
  }
}

function FaultField({
  field,
  site,
  values,
  onChange,
}: {
  field: DrillFaultField;
  site: DrillSiteState;
  values: Record<string, string>;
  onChange(value: string): void;
}) {
  const value = values[field.name] ?? '';
  const listed = choices(field, site, values);
  const control = listed ? (
    <Dropdown
      value={value}
      selectedOptions={value ? [value] : []}
      placeholder={listed.length === 0 ? 'none on this computer' : 'choose one'}
      onOptionSelect={(_, data) => onChange(data.optionValue ?? '')}
    >
      {listed.map((choice) => (
        <Option key={choice} value={choice}>
          {choice}
        </Option>
      ))}
    </Dropdown>
  ) : field.suggestions ? (
    <Combobox
      freeform
      value={value}
      selectedOptions={value ? [value] : []}
      onOptionSelect={(_, data) => onChange(data.optionValue ?? '')}
      onChange={(event) => onChange(event.target.value)}
    >
      {field.suggestions.map((suggestion) => (
        <Option key={suggestion} value={suggestion}>
          {suggestion}
        </Option>
      ))}
    </Combobox>
  ) : (
    <Input
      value={value}
      type={field.kind === 'count' ? 'number' : 'text'}
      spellCheck={false}
      onChange={(_, data) => onChange(data.value)}
    />
  );
  return (
    <Field label={field.label} hint={field.hint}>
      {control}
    </Field>
  );
}

/** Every fault the drill supports, each with what it simulates and the values it needs. */
export function DrillFaultForm({ site }: { site: DrillSiteState }) {
  const styles = useStyles();
  const inject = useDrillStore((state) => state.inject);
  const busy = useDrillStore((state) => state.pending !== null);
  const [kind, setKind] = useState<FaultKind>('computer-unreachable');
  const [values, setValues] = useState<Record<string, string>>(() => defaults('computer-unreachable'));
  const [problem, setProblem] = useState<string | null>(null);
  const descriptionId = useId();
  const description = DRILL_FAULTS[kind];

  const submit = async () => {
    const built = buildFault(kind, values);
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    setProblem(null);
    if (await inject(built.fault, description.title)) setValues(defaults(kind));
  };

  return (
    <div className={styles.form}>
      <Field label="Fault">
        <Dropdown
          value={description.title}
          selectedOptions={[kind]}
          aria-describedby={descriptionId}
          onOptionSelect={(_, data) => {
            const next = data.optionValue as FaultKind;
            setKind(next);
            setValues(defaults(next));
            setProblem(null);
          }}
        >
          {KINDS.map((candidate) => (
            <Option key={candidate} value={candidate}>
              {DRILL_FAULTS[candidate].title}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Text id={descriptionId} size={200} className={styles.description}>
        {description.description}
      </Text>
      {description.fields.map((field) => (
        <FaultField
          key={`${kind}-${field.name}`}
          field={field}
          site={site}
          values={values}
          onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
        />
      ))}
      {problem && (
        <Text role="alert" size={200}>
          {problem}
        </Text>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" disabled={busy} onClick={() => void submit()}>
          Inject the fault
        </Button>
      </div>
    </div>
  );
}
