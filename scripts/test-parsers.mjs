// `npm run test:parsers`: the wizard's Windows side against real parsers. Real PowerShell parses
// and runs every script (Pester, with Windows-only commands mocked), and Microsoft's T-SQL parser
// reads every statement the wizard can send. The tools come from NuGet into `.tools/` the first
// time; where `dotnet` is missing, each suite says it is skipped and why.
// Ends with one line: "Parsers: N passed, N failed, N skipped".
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDotnetTools } from './dotnet-tools.mjs';
import { addCounts, readJson, root, run, vitestStage } from './test-stages.mjs';

const resultsDir = join(root, 'test-results', 'parsers');
export const METRICS_DIR = join(resultsDir, 'metrics');

/** Pester under one PowerShell; its counts, or null when it wrote no result. */
function pester(title, powershell, tools) {
  const resultFile = join(resultsDir, `pester-${title.replace(/\W+/g, '-').toLowerCase()}.json`);
  rmSync(resultFile, { force: true });
  run(`Pester (${title})`, powershell, [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-File',
    join(root, 'tests', 'pester', 'run-pester.ps1'),
    '-PesterModule',
    tools.pesterModule,
    '-ResultFile',
    resultFile,
  ]);
  return readJson(resultFile);
}

/** Runs every parser suite; returns their counts and the figures they recorded. */
export function runParserSuites() {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(METRICS_DIR, { recursive: true });

  const tools = ensureDotnetTools();
  if (!tools.ok) console.log(`\nSkipped: the parser suites need real PowerShell and ScriptDom, but ${tools.reason}`);
  const env = tools.ok
    ? { WIZARD_PWSH: tools.pwsh, WIZARD_SCRIPTDOM: tools.scriptDom, WIZARD_PARSER_METRICS: METRICS_DIR }
    : { WIZARD_PARSER_METRICS: METRICS_DIR, WIZARD_PARSERS_SKIP_REASON: tools.reason };

  const vitest = vitestStage(
    'Parser suites (vitest: PowerShell parser, 5.1 syntax, hostile round trips, ScriptDom, GO splitter)',
    ['--config', 'vitest.parsers.config.ts'],
    join(resultsDir, 'vitest.json'),
    { env },
  );
  if (vitest) {
    addCounts(totals, vitest);
  } else {
    totals.failed += 1;
    failures.push('parser suites (no report)');
  }

  const shells = tools.ok ? [['PowerShell 7.6.9', tools.pwsh]] : [];
  // On Windows the same Pester suite runs under Windows PowerShell 5.1, which a site runs the scripts in.
  if (tools.ok && process.platform === 'win32') shells.push(['Windows PowerShell 5.1', 'powershell.exe']);
  if (!tools.ok) {
    console.log(`\nSkipped: Pester, because ${tools.reason}`);
    totals.skipped += 1;
  }
  if (tools.ok && process.platform !== 'win32') {
    console.log(
      '\nSkipped: Pester under Windows PowerShell 5.1 runs only on Windows (this is ' + process.platform + ').',
    );
  }
  for (const [title, powershell] of shells) {
    const result = pester(title, powershell, tools);
    if (result) {
      writeFileSync(
        join(METRICS_DIR, `pester-${title.replace(/\W+/g, '-').toLowerCase()}.json`),
        `${JSON.stringify({ label: `Pester tests under ${title}`, count: result.passed + result.failed + result.skipped })}\n`,
      );
      addCounts(totals, result);
    } else {
      totals.failed += 1;
      failures.push(`Pester (${title}) wrote no result`);
    }
  }

  const metrics = existsSync(METRICS_DIR)
    ? readdirSync(METRICS_DIR)
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => readJson(join(METRICS_DIR, name)))
        .filter(Boolean)
    : [];
  return { totals, failures, metrics };
}

export function printParserSummary({ failures, metrics }) {
  console.log('\nWhat the parser suites measured:');
  if (metrics.length === 0) console.log('  (nothing: the suites were skipped)');
  for (const metric of metrics) console.log(`  ${metric.label}: ${metric.count}`);
  if (failures.length > 0) console.log(`Failed: ${failures.join(', ')}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = runParserSuites();
  printParserSummary(result);
  const { passed, failed, skipped } = result.totals;
  console.log(`\nParsers: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed === 0 ? 0 : 1);
}
