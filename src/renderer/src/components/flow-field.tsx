import {
  Checkbox,
  Dropdown,
  Field,
  Input,
  makeStyles,
  Option,
  Radio,
  RadioGroup,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { KeyboardEvent } from 'react';
import type { FieldDescriptor } from '../../../shared/run-contract';

/** More options than this no longer read well as radios. */
const MAX_RADIO_OPTIONS = 6;

const useStyles = makeStyles({
  field: { maxWidth: '560px' },
  optionDetail: { display: 'block', color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace },
});

export interface FlowFieldProps {
  field: FieldDescriptor;
  value: string | boolean;
  error: string | undefined;
  /** Said beside a valid value the operator should think twice about. */
  warning?: string;
  showError: boolean;
  onChange(value: string | boolean): void;
  onBlur(): void;
  /** Enter in a text box moves on, as in any Windows wizard. */
  onSubmit(): void;
}

export function FlowField({ field, value, error, warning, showError, onChange, onBlur, onSubmit }: FlowFieldProps) {
  const styles = useStyles();
  const visibleError = showError ? error : undefined;
  const message = visibleError ?? warning;
  const textValue = typeof value === 'string' ? value : '';
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onSubmit();
    }
  };

  const control = (() => {
    switch (field.kind) {
      case 'text':
      case 'password':
        return (
          <Input
            type={field.kind === 'password' ? 'password' : 'text'}
            name={field.name}
            value={textValue}
            placeholder={field.placeholder}
            readOnly={field.readOnly}
            appearance={field.readOnly ? 'filled-darker' : undefined}
            autoComplete={field.kind === 'password' ? 'new-password' : 'off'}
            spellCheck={false}
            onChange={(_, data) => onChange(data.value)}
            onBlur={onBlur}
            onKeyDown={onKeyDown}
          />
        );
      case 'checkbox':
        return (
          <Checkbox
            name={field.name}
            checked={value === true}
            label={field.label}
            onChange={(_, data) => onChange(data.checked === true)}
            onBlur={onBlur}
          />
        );
      case 'select': {
        const options = field.options ?? [];
        if (options.length <= MAX_RADIO_OPTIONS) {
          return (
            <RadioGroup
              name={field.name}
              value={textValue}
              onChange={(_, data) => onChange(data.value)}
              onBlur={onBlur}
            >
              {options.map((option) => (
                <Radio
                  key={option.value}
                  value={option.value}
                  label={
                    <>
                      {option.label}
                      {option.detail && (
                        <Text className={styles.optionDetail} size={200}>
                          {option.detail}
                        </Text>
                      )}
                    </>
                  }
                />
              ))}
            </RadioGroup>
          );
        }
        const selected = options.find((option) => option.value === textValue);
        return (
          <Dropdown
            name={field.name}
            value={selected ? selected.label : ''}
            selectedOptions={selected ? [selected.value] : []}
            placeholder={field.placeholder ?? 'Choose one'}
            onOptionSelect={(_, data) => onChange(data.optionValue ?? '')}
            onBlur={onBlur}
          >
            {options.map((option) => (
              <Option key={option.value} value={option.value} text={option.label}>
                {option.detail ? `${option.label} (${option.detail})` : option.label}
              </Option>
            ))}
          </Dropdown>
        );
      }
    }
  })();

  return (
    <Field
      className={styles.field}
      label={field.kind === 'checkbox' ? undefined : field.label}
      hint={field.help}
      validationState={visibleError ? 'error' : warning ? 'warning' : 'none'}
      validationMessage={message}
    >
      {control}
    </Field>
  );
}
