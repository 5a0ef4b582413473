import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parserTools, recordMetric } from '../support/parser-tools';
import { checkPowerShell, type PowerShellCheck, type PowerShellSource } from './support/powershell-check';

/**
 * Every PowerShell file the wizard ships, and those its tests run, read by PowerShell's own
 * parser (7.6.9), and every file that must run in Windows PowerShell 5.1 walked for what 5.1
 * lacks. The rules live in support/powershell-check.ps1; this file proves each of them fires.
 */

const tools = parserTools();
if (!tools.ok) console.warn(`Skipped: PowerShell's parser over the scripts, because ${tools.reason}`);

const repository = path.resolve(__dirname, '../..');
const scriptFiles = (folder: string): string[] =>
  readdirSync(path.join(repository, folder))
    .filter((name) => /\.ps[md]?1$/.test(name))
    .sort()
    .map((name) => path.join(repository, folder, name));

const shipped = scriptFiles('assets/scripts');
// The Pester suite and the fixtures run under Windows PowerShell 5.1 on Windows as well.
const testScripts = [...scriptFiles('tests/pester'), ...scriptFiles('tests/fixtures/powershell')];
const windowsPowerShell = [...shipped, ...testScripts];
// The checker itself runs under PowerShell 7 only: it names syntax that 5.1 does not have.
const parseOnly = scriptFiles('tests/parsers/support');

/** At least one snippet per rule, each of which the rule must flag. */
const offending: Record<string, string[]> = {
  'null-coalescing': ['$name ?? "default"', '$cache ??= @{}'],
  'null-conditional': ['${service}?.Status', '${items}?[0]'],
  ternary: ['$ok ? "yes" : "no"'],
  'pipeline-chain': ['Get-Item x && Remove-Item x', 'Test-Path x || throw "missing"'],
  'background-operator': ['Start-Sleep -Seconds 5 &'],
  'clean-block': ['function Get-Thing { process { } clean { } }'],
  'unicode-escape': ['"`u{1F600}"', '@"\n`u{41}\n"@', '"``escaped then `u{41}"'],
  'replace-scriptblock': ["'abc' -replace 'b', { $_.Value.ToUpper() }", "'abc' -creplace 'b', { 'x' }"],
  'generic-method-call': ['[Array]::Empty[int]()', '$list.ConvertAll[string]($converter)'],
  'enum-base-type': ['enum Size : byte { Small }'],
  'number-literal': ['0b1010', '10u', '5y', '7s', '100n', '1ul'],
  'requires-version': ['#requires -Version 7.2\n1', '#requires -PSEdition Core\n1'],
  'automatic-variables': ['if ($IsWindows) { 1 }', '$PSStyle.Reset', '$global:IsLinux'],
  commands: ['Get-Uptime', 'Microsoft.PowerShell.Utility\\Join-String -Separator ","'],
  'cmdlet-parameters': [
    '$text | ConvertFrom-Json -AsHashtable',
    '1..3 | % -Parallel { $_ }',
    'Sort-Object -Top 5',
    'Invoke-WebRequest $url -SkipCert',
    'iwr $url -SkipHttpErrorCheck',
    'Get-Date -AsUTC',
    'Split-Path $path -LeafBase',
    'Get-Content x -AsByteStream',
  ],
  'parameter-values': [
    'Out-File x -Encoding utf8NoBOM',
    'Set-Content x y -Encoding UTF8BOM',
    'Get-Content x -Encoding 1252',
    'gc x -ea Break',
  ],
  'dotnet-types': [
    '[System.Text.Json.JsonSerializer]::Serialize($x)',
    '[semver]"1.2.3"',
    'param([System.Range]$range)',
    '[Collections.Generic.PriorityQueue[string,int]]::new()',
  ],
  'dotnet-members': [
    '[System.IO.Path]::GetRelativePath($from, $to)',
    '[IO.Path]::Join("a", "b")',
    '[Environment]::ProcessId',
    '[System.Convert]::ToHexString($bytes)',
  ],
  attributes: [
    'function f { param([ValidateNotNullOrWhiteSpace()][string]$name) }',
    'param([ValidateRange("Positive")][int]$count)',
    'param([ArgumentCompletions("a", "b")]$choice)',
  ],
};

/** What 5.1 runs and looks like the above: a rule that flags one of these is too broad. */
const lookalikes = [
  'Get-Process | ? { $_.Id -gt 0 }',
  "$value = if ($null -eq $name) { 'default' } else { $name }",
  "'abc' -replace 'b', 'x'",
  "[regex]::Replace('abc', 'b', { param($match) $match.Value.ToUpper() })",
  '"`$u{41} and ``u{41}"',
  "'`u{41}'",
  '"it`\'s`n"',
  "$items.Count; $table['a']; $object.Method()",
  'cmd.exe /c dir 2>&1',
  'Invoke-WebRequest -Uri $url -TimeoutSec 30 -UseBasicParsing',
  'ConvertTo-Json -InputObject $x -Depth 3 -Compress',
  "Join-Path $folder 'web.config'",
  'Out-File -FilePath x -Encoding utf8',
  'Set-Content -Path x -Value y -Encoding Unicode',
  'Get-Item x -ErrorAction SilentlyContinue',
  "[IO.Path]::GetFullPath('x'); [System.IO.Path]::Combine('a', 'b')",
  '0x1F + 10kb + 1d + 5l + 1.5e3',
  'param([ValidateRange(1, 10)][int]$count)',
  '1..3 | ForEach-Object -Process { $_ }',
  'Sort-Object -Property Name -Descending',
  '$IsWindowsServer = $true',
  'enum Color { Red }',
  'Get-Date -Format o',
  '#requires -Version 5.1\n1',
  'Start-Job -ScriptBlock { 1 }',
];

const snippets: PowerShellSource[] = [
  ...Object.entries(offending).flatMap(([rule, texts]) =>
    texts.map((text, index) => ({ name: `${rule}#${index}`, text })),
  ),
  ...lookalikes.map((text, index) => ({ name: `lookalike#${index}`, text })),
];

const describeFindings = (findings: PowerShellCheck['files'][string]['findings']): string[] =>
  findings.map(
    (finding) => `line ${finding.line}: ${finding.rule}${finding.entry ? ` (${finding.entry})` : ''}: ${finding.text}`,
  );

describe.skipIf(!tools.ok)("PowerShell's parser and the Windows PowerShell 5.1 rules", () => {
  let check: PowerShellCheck;
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'wizard-powershell-check-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  beforeAll(async () => {
    if (!tools.ok) return;
    check = await checkPowerShell(tools.tools.pwsh, workDir, { parseOnly, windowsPowerShell, snippets });
  });

  it('runs PowerShell 7.6.9 over the shipped scripts and the test scripts', () => {
    expect(check.powershell).toBe('7.6.9');
    expect(shipped.map((file) => path.basename(file))).toContain('WizardScript.psm1');
    expect(Object.keys(check.files).sort()).toEqual([...parseOnly, ...windowsPowerShell].sort());
  });

  it.each([...windowsPowerShell, ...parseOnly].map((file) => [path.relative(repository, file), file]))(
    'parses %s with no errors',
    (_name, file) => {
      expect(check.files[file]?.parseErrors).toEqual([]);
    },
  );

  it.each(windowsPowerShell.map((file) => [path.relative(repository, file), file]))(
    'finds nothing in %s that Windows PowerShell 5.1 lacks',
    (_name, file) => {
      expect(describeFindings(check.files[file]?.findings ?? [])).toEqual([]);
    },
  );

  it('has a snippet for every rule, and a rule for every snippet', () => {
    expect(Object.keys(offending).sort()).toEqual(check.rules.map((rule) => rule.id).sort());
    for (const rule of check.rules) expect(rule.reason.length).toBeGreaterThan(20);
  });

  it.each(
    Object.entries(offending).flatMap(([rule, texts]) => texts.map((text, index) => [rule, text, index] as const)),
  )('rule %s flags %j', (rule, _text, index) => {
    const measured = check.snippets[`${rule}#${index}`];
    expect(measured?.parseErrors).toEqual([]);
    expect(measured?.findings.map((finding) => finding.rule)).toContain(rule);
  });

  it('flags the generated snippet of every entry of every table rule', () => {
    expect(check.entries.length).toBeGreaterThan(100);
    const missed = check.entries
      .filter(
        (entry) =>
          entry.parseErrors.length > 0 ||
          !entry.findings.some((finding) => finding.rule === entry.rule && finding.entry === entry.entry),
      )
      .map((entry) => `${entry.rule}: ${entry.entry}: ${entry.text}`);
    expect(missed).toEqual([]);
  });

  it.each(lookalikes.map((text, index) => [text, index] as const))(
    'flags nothing in %j, which 5.1 runs',
    (_text, index) => {
      const measured = check.snippets[`lookalike#${index}`];
      expect(measured?.parseErrors).toEqual([]);
      expect(describeFindings(measured?.findings ?? [])).toEqual([]);
    },
  );

  afterAll(() => {
    if (!check) return;
    const parsed = Object.values(check.files).filter((file) => file.parseErrors.length === 0).length;
    recordMetric(
      'powershell-parsed',
      `scripts parsed by PowerShell 7.6.9 (${shipped.length} shipped, ${testScripts.length + parseOnly.length} of the tests)`,
      parsed,
    );
    // A check is one rule over one script, passed when the rule finds nothing there.
    const passed = windowsPowerShell.reduce((sum, file) => {
      const flagged = new Set(check.files[file]?.findings.map((finding) => finding.rule));
      return sum + check.rules.filter((rule) => !flagged.has(rule.id)).length;
    }, 0);
    recordMetric(
      'powershell-51-checks',
      `5.1-syntax checks passed (${windowsPowerShell.length} scripts x ${check.rules.length} rules)`,
      passed,
    );
  });
});
