import path from 'node:path';
import type { PowerShellExecutor } from '../../../src/main/host/windows/powershell-runner';

/** A script the Windows host ran, with the payload it decoded to. */
export interface Invoked {
  script: string;
  payload: Record<string, unknown>;
}

/** Answers each script with a canned result and records the script and decoded payload it was sent. */
export function scriptedExecutor(
  answers: Record<string, unknown>,
): PowerShellExecutor & { invoked: Invoked[]; disposed: number } {
  const invoked: Invoked[] = [];
  const executor = {
    invoked,
    disposed: 0,
    async invoke(command: string) {
      const match = /^& '(.*)' -Payload ([A-Za-z0-9+/=]+)$/.exec(command);
      if (!match?.[1] || !match[2]) throw new Error(`unexpected command ${command}`);
      const script = path.basename(match[1]);
      invoked.push({
        script,
        payload: JSON.parse(Buffer.from(match[2], 'base64').toString('utf8')) as Record<string, unknown>,
      });
      const answer = answers[script];
      return { stdout: answer === undefined ? '' : JSON.stringify(answer), stderr: '', hadErrors: false };
    },
    async dispose() {
      executor.disposed += 1;
    },
  };
  return executor;
}
