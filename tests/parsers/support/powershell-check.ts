import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Drives support/powershell-check.ps1 once for every file and snippet: one PowerShell process,
 * since starting one takes seconds.
 */

export interface PowerShellSource {
  name: string;
  text: string;
}

interface Finding {
  rule: string;
  entry: string | null;
  line: number;
  text: string;
}

interface Measured {
  parseErrors: { line: number; message: string }[];
  findings: Finding[];
}

export interface PowerShellCheck {
  powershell: string;
  rules: { id: string; since: string; construct: string; reason: string }[];
  files: Record<string, Measured>;
  snippets: Record<string, Measured>;
  entries: (Measured & { rule: string; entry: string; text: string })[];
}

const checker = path.join(__dirname, 'powershell-check.ps1');

export async function checkPowerShell(
  pwsh: string,
  workDir: string,
  request: { parseOnly: string[]; windowsPowerShell: string[]; snippets: PowerShellSource[] },
): Promise<PowerShellCheck> {
  const requestFile = path.join(workDir, 'request.json');
  const resultFile = path.join(workDir, 'result.json');
  writeFileSync(requestFile, JSON.stringify(request));
  await promisify(execFile)(
    pwsh,
    ['-NoProfile', '-NonInteractive', '-File', checker, '-RequestFile', requestFile, '-ResultFile', resultFile],
    { timeout: 120_000, env: { ...process.env, TERM: 'dumb' } },
  );
  return JSON.parse(readFileSync(resultFile, 'utf8')) as PowerShellCheck;
}
