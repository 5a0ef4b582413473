import { expect } from 'vitest';
import { HostError } from '../../../src/main/knowledge/failures';

/** Fails when any secret shows in the evidence, as is or JSON-escaped (an error's details included). */
export function expectNoSecret(secrets: readonly string[], ...evidence: unknown[]): void {
  for (const item of evidence) {
    const text =
      item instanceof HostError ? `${item.message}\n${item.details ?? ''}` : JSON.stringify(item) + String(item);
    for (const secret of secrets) {
      expect(text.includes(secret), `secret leaked into ${text.slice(0, 200)}`).toBe(false);
      expect(text.includes(JSON.stringify(secret).slice(1, -1)), 'secret leaked in escaped form').toBe(false);
    }
  }
}

/** The HostError a driver call ends with; a call that succeeds fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<HostError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HostError);
    return error as HostError;
  }
  throw new Error('expected the driver to fail');
}
