import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { psCalls, type PowerShellCall } from '../../../src/main/host/commands';

const scriptsDir = path.resolve(__dirname, '../../../assets/scripts');
const scripts = readdirSync(scriptsDir).filter((name) => name.endsWith('.ps1'));
const source = (name: string) => readFileSync(path.join(scriptsDir, name), 'utf8');

// Every builder called with placeholder arguments, to learn the script and argument names it produces.
const calls: PowerShellCall[] = Object.values(psCalls).map((build) =>
  (build as (...args: unknown[]) => PowerShellCall)('SCSM01', 'first', 'second'),
);

describe('assets/scripts', () => {
  it('holds every script psCalls names', () => {
    expect(scripts.length).toBeGreaterThan(0);
    for (const call of calls) expect(scripts).toContain(call.script);
  });

  describe.each(scripts)('%s', (name) => {
    const text = source(name);

    it('takes one mandatory string $Payload as its first statement', () => {
      const code = text
        .replace(/<#[\s\S]*?#>/g, '')
        .replace(/^\s*#.*$/gm, '')
        .trimStart();
      expect(code.startsWith('param([Parameter(Mandatory)][string]$Payload)')).toBe(true);
    });

    it('never turns text into code', () => {
      expect(text).not.toMatch(
        /Invoke-Expression|\biex\b|\[scriptblock\]::Create|InvokeCommand\.|NewScriptBlock|Add-Type\s+-TypeDefinition\s+\$/i,
      );
    });

    it('never ends the shared PowerShell session', () => {
      expect(text).not.toMatch(/^\s*exit\b|[;{]\s*exit\b/im);
    });

    it('decodes the payload, runs locally or through remoting, and prints one compressed JSON object', () => {
      expect(text).toContain(
        '[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload)) | ConvertFrom-Json',
      );
      expect(text).toContain('& $work $data');
      expect(text).toContain('Invoke-Command -ComputerName $computer -ScriptBlock $work -ArgumentList $data');
      expect(text).toContain('-Compress -Depth 6');
      expect(text).toMatch(/\$ErrorActionPreference = 'Stop'/);
      expect(text.match(/\[Console\]::Out\.WriteLine/g)).toHaveLength(1);
    });

    it('reads only the arguments psCalls sends', () => {
      const call = calls.find((candidate) => candidate.script === name);
      const sent = new Set(['ComputerName', ...Object.keys(call?.args ?? {})]);
      const read = [...text.matchAll(/\$data\.([A-Za-z]+)/g)].map((match) => match[1]);
      expect(read.length).toBeGreaterThan(0);
      for (const arg of read) expect(sent).toContain(arg);
    });

    // Windows PowerShell 5.1 reads a file without a byte order mark in the ANSI code page.
    it('is plain ASCII', () => {
      const printable = (char: string) => '\t\r\n'.includes(char) || (char >= ' ' && char <= '~');
      expect([...text].filter((char) => !printable(char))).toEqual([]);
    });
  });
});
