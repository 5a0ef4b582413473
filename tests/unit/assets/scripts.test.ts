import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { psCalls, type PowerShellCall } from '../../../src/main/knowledge/commands';

const scriptsDir = path.resolve(__dirname, '../../../assets/scripts');
const files = readdirSync(scriptsDir).filter((name) => /\.ps1$|\.psm1$/.test(name));
const scripts = files.filter((name) => name.endsWith('.ps1'));
const source = (name: string) => readFileSync(path.join(scriptsDir, name), 'utf8');
const moduleName = 'WizardScript.psm1';
const moduleText = source(moduleName);

// Every builder called with placeholder arguments, to learn the script and argument names it produces.
const calls: PowerShellCall[] = Object.values(psCalls).map((build) =>
  (build as (...args: unknown[]) => PowerShellCall)('SCSM01', 'first', 'second'),
);

/** The text of a PowerShell function of the module, from its keyword to the next top-level function or export. */
function moduleFunction(name: string): string {
  const start = moduleText.indexOf(`function ${name} {`);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = moduleText.slice(start + 1);
  const end = rest.search(/^(<#|function |Export-ModuleMember)/m);
  return moduleText.slice(start, end < 0 ? undefined : start + 1 + end);
}

const dataReads = (text: string) => [...text.matchAll(/\$data\.([A-Za-z0-9]+)/g)].map((match) => match[1]);

const importLine = 'Import-Module $module';

/** Work blocks the module shares between scripts that differ only in their action. */
const sharedBlocks = ['Get-ServiceWaitWork', 'Get-ManagementPackWork'];

describe('assets/scripts', () => {
  it('holds every script psCalls names, and the module they share', () => {
    expect(scripts.length).toBeGreaterThan(0);
    for (const call of calls) expect(scripts).toContain(call.script);
    expect(files).toContain(moduleName);
  });

  describe.each(files)('%s', (name) => {
    const text = source(name);

    it('never turns text into code', () => {
      expect(text).not.toMatch(
        /Invoke-Expression|\biex\b|\[scriptblock\]::Create|InvokeCommand\.|NewScriptBlock|Add-Type\s+-TypeDefinition\s+\$/i,
      );
    });

    it('never ends the shared PowerShell session', () => {
      expect(text).not.toMatch(/^\s*exit\b|[;{]\s*exit\b/im);
    });

    // Windows PowerShell 5.1 reads a file without a byte order mark in the ANSI code page.
    it('is plain ASCII', () => {
      const printable = (char: string) => '\t\r\n'.includes(char) || (char >= ' ' && char <= '~');
      expect([...text].filter((char) => !printable(char))).toEqual([]);
    });
  });

  describe(moduleName, () => {
    const invoke = moduleFunction('Invoke-WizardWork');

    it('exports the function the scripts call and the shared service block', () => {
      expect(moduleText).toMatch(
        /^Export-ModuleMember -Function Invoke-WizardWork, Get-ServiceWaitWork, Get-ManagementPackWork$/m,
      );
    });

    it('decodes the payload, runs the block locally or through remoting, and prints one compressed JSON object', () => {
      expect(invoke).toContain(
        '[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload)) | ConvertFrom-Json',
      );
      expect(invoke).toContain('$arguments = @($data) + $ArgumentList');
      expect(invoke).toContain('$output = & $Work @arguments');
      expect(invoke).toContain(
        '$output = Invoke-Command -ComputerName $computer -ScriptBlock $Work -ArgumentList $arguments',
      );
      expect(invoke).toContain('ConvertTo-WizardFailure $_ $computer $ScriptName');
      expect(moduleText).toContain('-Compress -Depth 6');
      // A module does not inherit the calling script's preferences.
      expect(invoke).toMatch(/^\s+\$ErrorActionPreference = 'Stop'$/m);
      expect(moduleText.match(/\[Console\]::Out\.WriteLine/g)).toHaveLength(1);
      expect(invoke.match(/Write-WizardResult \$result/g)).toHaveLength(1);
    });

    it('has a self-contained service block that knows both actions', () => {
      const block = moduleFunction('Get-ServiceWaitWork');
      expect(block).toContain('param($data, [string]$action)');
      expect(block).toMatch(/^\s+Start = @\{/m);
      expect(block).toMatch(/^\s+Stop = @\{/m);
    });

    it('has a self-contained management pack block that knows its three actions', () => {
      const block = moduleFunction('Get-ManagementPackWork');
      expect(block).toContain('param($data, [string]$action)');
      expect(block).toContain("if ($action -notin 'List', 'Import', 'Export')");
      expect(block).toContain('Import-SCSMManagementPack -Fullname $path');
      expect(block).toContain('Get-SCSMManagementPack | Where-Object { -not $_.Sealed }');
      expect(block).toContain('Export-SCSMManagementPack -ManagementPack $pack -Path $folder');
    });

    it.each(sharedBlocks)('keeps %s free of anything defined outside it (it runs remotely)', (name) => {
      expect(moduleFunction(name)).not.toMatch(
        /\$(script|global|using):|ConvertTo-WizardFailure|Write-WizardResult|Invoke-WizardWork/i,
      );
    });
  });

  describe.each(scripts)('%s', (name) => {
    const text = source(name);
    const code = text
      .replace(/<#[\s\S]*?#>/g, '')
      .replace(/^\s*#.*$/gm, '')
      .trimStart();
    const sharedBlock = sharedBlocks.find((block) => text.includes(`(${block})`));

    it('takes one mandatory string $Payload as its first statement and keeps its help', () => {
      expect(text.trimStart().startsWith('<#\n.SYNOPSIS')).toBe(true);
      expect(code.startsWith('param([Parameter(Mandatory)][string]$Payload)')).toBe(true);
    });

    it('sets its preferences, imports the module beside it and hands its work to Invoke-WizardWork', () => {
      expect(code).toMatch(/^\$ErrorActionPreference = 'Stop'$/m);
      expect(code).toMatch(/^\$ProgressPreference = 'SilentlyContinue'$/m);
      expect(code).toContain("$module = Join-Path $PSScriptRoot 'WizardScript.psm1'");
      expect(code).toContain(importLine);
      const work = sharedBlock ? `\\(${sharedBlock}\\)` : '\\$work';
      const call = new RegExp(
        `^Invoke-WizardWork -Payload \\$Payload -Work ${work}( -ArgumentList '[A-Za-z]+')? -ScriptName \\(Split-Path -Leaf \\$PSCommandPath\\)$`,
        'm',
      );
      expect(code.match(new RegExp(call.source, 'gm'))).toHaveLength(1);
      expect(code.trimEnd().split('\n').pop()).toMatch(call);
      if (!sharedBlock)
        expect(code).toMatch(/^\$work = \{\n {4}param\(\$data\)\n {4}\$ErrorActionPreference = 'Stop'$/m);
    });

    it('leaves decoding, dispatch and output to the module', () => {
      for (const shared of ['ConvertFrom-Json', 'Invoke-Command', '[Console]::Out', 'ConvertTo-Json', 'function ']) {
        expect(code).not.toContain(shared);
      }
    });

    it('reads exactly the arguments psCalls sends', () => {
      const call = calls.find((candidate) => candidate.script === name);
      expect(call).toBeDefined();
      const sent = Object.keys(call?.args ?? {});
      const read = new Set(dataReads(code));
      if (sharedBlock) for (const arg of dataReads(moduleFunction(sharedBlock))) read.add(arg);
      // A shared block also reads what its other scripts send (the Path of an import, say).
      const siblings = calls.filter(
        (candidate) => sharedBlock !== undefined && source(candidate.script).includes(`(${sharedBlock})`),
      );
      const sentBySiblings = siblings.flatMap((sibling) => Object.keys(sibling.args));
      for (const arg of read) expect(['ComputerName', ...sent, ...sentBySiblings]).toContain(arg);
      for (const arg of sent) expect(read).toContain(arg);
    });
  });

  it('starts and stops services with the one block, each script passing its own action', () => {
    expect(source('Start-ServiceAndWait.ps1')).toContain("-Work (Get-ServiceWaitWork) -ArgumentList 'Start'");
    expect(source('Stop-ServiceAndWait.ps1')).toContain("-Work (Get-ServiceWaitWork) -ArgumentList 'Stop'");
  });
});
