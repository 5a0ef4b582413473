import { SECRET_MASK } from '../host/commands';

export type Redactor = (text: string) => string;

/**
 * Replaces every known secret value, raw or as it appears inside JSON, before text is recorded
 * or shown. Flows never put secrets in output; this catches a tool that echoes one back.
 */
export function createRedactor(secrets: readonly unknown[]): Redactor {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    needles.add(secret);
    needles.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((result, needle) => result.split(needle).join(SECRET_MASK), text);
}
