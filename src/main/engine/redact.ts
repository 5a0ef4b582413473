import { SECRET_MASK } from '../host/commands';

/**
 * Replaces every known secret value, raw or as it appears inside JSON, before text is recorded
 * or shown. Flows never put secrets in output; this catches a tool that echoes one back.
 */
export interface Redactor {
  (text: string): string;
  /** A secret the run learns after it started: a password read from the OS keychain by a step. */
  add(secret: unknown): void;
}

export function createRedactor(secrets: readonly unknown[]): Redactor {
  const needles = new Set<string>();
  let ordered: string[] = [];
  const add = (secret: unknown): void => {
    if (typeof secret !== 'string' || secret.length === 0) return;
    needles.add(secret);
    needles.add(JSON.stringify(secret).slice(1, -1));
    // The longest first, so a secret containing another is masked whole.
    ordered = [...needles].sort((a, b) => b.length - a.length);
  };
  secrets.forEach(add);
  return Object.assign(
    (text: string) => ordered.reduce((result, needle) => result.split(needle).join(SECRET_MASK), text),
    {
      add,
    },
  );
}
