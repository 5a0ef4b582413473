import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the parser suites find real PowerShell and ScriptDom. `npm run test:parsers` (and
 * `npm test`) install them and pass their paths; run alone, a suite skips with the reason.
 */
export interface ParserTools {
  pwsh: string;
  scriptDom: string;
}

export function parserTools(): { ok: true; tools: ParserTools } | { ok: false; reason: string } {
  const pwsh = process.env.WIZARD_PWSH;
  const scriptDom = process.env.WIZARD_SCRIPTDOM;
  if (pwsh && scriptDom) return { ok: true, tools: { pwsh, scriptDom } };
  return {
    ok: false,
    reason:
      process.env.WIZARD_PARSERS_SKIP_REASON ??
      'real PowerShell and ScriptDom are found through `npm run test:parsers`, which installs them from NuGet',
  };
}

/** Records a figure the summary prints, e.g. "scripts parsed by PowerShell: 21". */
export function recordMetric(name: string, label: string, count: number): void {
  const directory = process.env.WIZARD_PARSER_METRICS;
  if (!directory) return;
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, `${name}.json`), `${JSON.stringify({ label, count })}\n`);
}
