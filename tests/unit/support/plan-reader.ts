import type { PlannedCommand } from '../../../src/shared/run-contract';

/**
 * Reads a copied plan back into its steps and commands, as an operator's paste would be read:
 * the test of the plan text is that this gives exactly the commands the plan holds. It knows only
 * the documented form (src/shared/plan-format.ts and the `{U+XXXX}` escapes of display-escape.ts),
 * not the code that writes it.
 */

export interface ReadStep {
  title: string;
  commands: PlannedCommand[];
}

export interface ReadPlan {
  answers: { label: string; value: string }[];
  steps: ReadStep[];
}

const INDENT = '       ';

export function unescapeText(text: string): string {
  return text.replace(/\{U\+([0-9A-F]{4,6})\}/g, (_match, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

/** `'...'` with `''` for a quote, then unescaped; returns the value and what follows it. */
function readQuoted(text: string): { value: string; rest: string } {
  if (!text.startsWith("'")) throw new Error(`expected a quoted value at: ${text.slice(0, 40)}`);
  let value = '';
  let index = 1;
  for (;;) {
    const quote = text.indexOf("'", index);
    if (quote < 0) throw new Error(`unterminated quoted value: ${text.slice(0, 40)}`);
    value += text.slice(index, quote);
    if (text[quote + 1] === "'") {
      value += "'";
      index = quote + 2;
      continue;
    }
    return { value: unescapeText(value), rest: text.slice(quote + 1) };
  }
}

function readPowerShell(computer: string, rest: string): PlannedCommand {
  const space = rest.indexOf(' -');
  const script = unescapeText(space < 0 ? rest : rest.slice(0, space));
  const args: Record<string, string | number | boolean> = {};
  let remaining = space < 0 ? '' : rest.slice(space);
  while (remaining !== '') {
    const name = /^ -(\S+) /.exec(remaining);
    if (!name?.[1]) throw new Error(`expected an argument at: ${remaining.slice(0, 40)}`);
    remaining = remaining.slice(name[0].length);
    if (remaining.startsWith("'")) {
      const read = readQuoted(remaining);
      args[unescapeText(name[1])] = read.value;
      remaining = read.rest;
      continue;
    }
    const bare = /^(\$true|\$false|-?[0-9][0-9.e+-]*)/.exec(remaining);
    if (!bare?.[1]) throw new Error(`expected a value at: ${remaining.slice(0, 40)}`);
    args[unescapeText(name[1])] = bare[1] === '$true' ? true : bare[1] === '$false' ? false : Number(bare[1]);
    remaining = remaining.slice(bare[1].length);
  }
  return { kind: 'powershell', computer, script, args };
}

export function readPlanText(text: string): ReadPlan {
  const lines = text.split('\n');
  let at = lines.indexOf('Answers') + 1;
  const answers: ReadPlan['answers'] = [];
  while (lines[at]?.startsWith('  ')) {
    const line = (lines[at] ?? '').slice(2);
    const colon = line.indexOf(': ');
    answers.push({ label: unescapeText(line.slice(0, colon)), value: unescapeText(line.slice(colon + 2)) });
    at += 1;
  }
  at = lines.indexOf('Steps', at) + 1;
  const steps: ReadStep[] = [];
  let fallbackFor: string | undefined;
  while (at < lines.length) {
    const line = lines[at] ?? '';
    at += 1;
    if (line === '') continue;
    const stepHead =
      /^ {2}\d+\. (.*?)( \[(already done, will be skipped|DESTRUCTIVE|already done, will be skipped, DESTRUCTIVE)\])?$/.exec(
        line,
      );
    if (stepHead) {
      steps.push({ title: unescapeText(stepHead[1] ?? ''), commands: [] });
      continue;
    }
    const step = steps.at(-1);
    const fallback = /^ {7}(.+), instead of the command above:$/.exec(line);
    if (step && fallback) {
      fallbackFor = unescapeText(fallback[1] ?? '');
      continue;
    }
    if (!step || !line.startsWith(`${INDENT}on `)) throw new Error(`unexpected plan line: ${line}`);
    const body = line.slice(INDENT.length + 3);
    const sql = /^(.*?), database (.*), (\d+) lines? of T-SQL( \(Windows line breaks\))?:$/.exec(body);
    if (sql) {
      const count = Number(sql[3]);
      const block = lines.slice(at, at + count).map(unescapeText);
      at += count;
      const params: { name: string; type: string; value: string }[] = [];
      while (lines[at]?.startsWith(`${INDENT}  @`)) {
        const param = /^@(\S+) (\S+(?: \S+)*?) = (.*)$/.exec((lines[at] ?? '').slice(INDENT.length + 2));
        if (!param) throw new Error(`unreadable parameter: ${lines[at]}`);
        params.push({
          name: unescapeText(param[1] ?? ''),
          type: unescapeText(param[2] ?? ''),
          value: readQuoted(param[3] ?? '').value,
        });
        at += 1;
      }
      step.commands.push({
        kind: 'sql',
        server: unescapeText(sql[1] ?? ''),
        database: unescapeText(sql[2] ?? ''),
        text: block.join(sql[4] ? '\r\n' : '\n'),
        params,
      });
      continue;
    }
    const colon = body.indexOf(': ');
    const computer = unescapeText(body.slice(0, colon));
    const rest = body.slice(colon + 2);
    if (/^\S+\.ps1( |$)/.test(rest)) {
      step.commands.push(readPowerShell(computer, rest));
      continue;
    }
    const program: PlannedCommand = { kind: 'program', computer, commandLine: unescapeText(rest) };
    if (fallbackFor !== undefined) program.fallbackFor = fallbackFor;
    fallbackFor = undefined;
    if (lines[at]?.startsWith(`${INDENT}  Typed at its prompts: `)) {
      program.input = unescapeText((lines[at] ?? '').slice(`${INDENT}  Typed at its prompts: `.length));
      at += 1;
    }
    if (lines[at] === `${INDENT}  You enter in its pages:`) {
      at += 1;
      program.guidance = [];
      while (lines[at]?.startsWith(`${INDENT}    `)) {
        program.guidance.push(unescapeText((lines[at] ?? '').slice(INDENT.length + 4)));
        at += 1;
      }
    }
    step.commands.push(program);
  }
  return { answers, steps };
}
