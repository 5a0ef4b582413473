import { maskSecretsInText } from '../knowledge/secret-text';

/**
 * Masks every known secret, raw or as it appears inside JSON, before text is recorded or shown,
 * by the free-text rule of maskSecretsInText. Flows never put secrets in output; this catches a
 * tool that echoes one back.
 */
export interface Redactor {
  (text: string): string;
  /** A secret the run learns after it started: a password read from the OS keychain by a step. */
  add(secret: unknown): void;
  /** The value with every string in it redacted: a journal record, masked field by field so it stays JSON. */
  deep<T>(value: T): T;
}

export function createRedactor(secrets: readonly unknown[]): Redactor {
  const needles = new Set<string>();
  let listed: string[] = [];
  const add = (secret: unknown): void => {
    if (typeof secret !== 'string' || secret.length === 0) return;
    needles.add(secret);
    needles.add(JSON.stringify(secret).slice(1, -1));
    listed = [...needles];
  };
  secrets.forEach(add);
  const redact = (text: string): string => maskSecretsInText(text, listed);
  const deep = <T>(value: T): T => {
    if (typeof value === 'string') return redact(value) as T;
    if (Array.isArray(value)) return value.map(deep) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deep(item)])) as T;
    }
    return value;
  };
  return Object.assign(redact, { add, deep });
}
