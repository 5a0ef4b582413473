import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OperatorError } from '../../../../src/main/engine/errors';
import type { FlowDefinition } from '../../../../src/main/engine/flow-types';
import { createRedactor } from '../../../../src/main/engine/redact';
import { createHarness, sampleManifest, type Harness } from '../../support/harness';
import { SETUP_ANSWERS } from '../../../support/setup-answers';
import { readPlanText } from '../../support/plan-reader';
import { failure } from '../../support/rejection';

/**
 * The defects of the hostile-input review, each as the operator met it: a value no step could
 * take was accepted and failed half-way, a path with a quote read back as another file, a
 * refusal quoted a pasted page in zod's words, a short password masked part of a word, and a
 * copied plan did not read back as the commands.
 */

type Answers = Record<string, string | boolean>;

const SETUP: Answers = {
  ...SETUP_ANSWERS,
  server: 'SCSM02',
  productKey: 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY',
  servicePassword: 'CON',
};

const KEY_BACKUP: Answers = {
  server: 'SCSM02',
  action: 'backup',
  mediaPath: 'D:\\',
  keyFile: '\\\\FS01\\RecoveryKit\\SMBackupkey.bin',
  password: 'Key-passw0rd!',
  confirmPassword: 'Key-passw0rd!',
  remember: false,
  useRemembered: false,
};

async function recoveryAnswers(harness: Harness, extra: Answers): Promise<Answers> {
  return { ...(await harness.runs.flow('recover-orchestrator-database').defaults(harness.ctx())), ...extra };
}

async function refusal(harness: Harness, flowId: Parameters<Harness['runs']['prepare']>[0], answers: Answers) {
  return (await failure(harness.runs.prepare(flowId, answers), OperatorError)).message;
}

describe('answers a step would refuse are refused before anything runs', () => {
  it('refuses a double quote in the key file and media paths, which read back as other files', async () => {
    const harness = createHarness();
    expect(await refusal(harness, 'encryption-key', { ...KEY_BACKUP, keyFile: 'C:\\Kit\\" /Other "x.bin' })).toBe(
      'These answers cannot be used. Key backup file: a Windows path cannot hold " (nor any of " < > | ? *).',
    );
    expect(await refusal(harness, 'encryption-key', { ...KEY_BACKUP, mediaPath: 'D:\\SCSM"' })).toContain(
      'Service Manager media (drive or folder): a Windows path cannot hold "',
    );
    expect(
      await refusal(harness, 'restore-dw-management-server', {
        ...SETUP,
        server: 'SCSMDW01',
        mediaPath: 'D:\\SCSM" /Install:Portal "',
      }),
    ).toContain('Service Manager media (drive or folder): a Windows path cannot hold "');
  });

  it('refuses a colon after the drive, control characters and the names Windows keeps for devices', async () => {
    const harness = createHarness();
    expect(await refusal(harness, 'encryption-key', { ...KEY_BACKUP, keyFile: 'C:\\Kit\\key.bin:stream' })).toContain(
      'Key backup file: a colon may only follow the drive letter',
    );
    expect(await refusal(harness, 'encryption-key', { ...KEY_BACKUP, keyFile: 'C:\\Kit\nGO\\key.bin' })).toContain(
      'Key backup file: this cannot hold a line break',
    );
    expect(await refusal(harness, 'encryption-key', { ...KEY_BACKUP, keyFile: 'C:\\Kit\\CON.bin' })).toContain(
      'Key backup file: “CON.bin” is a device name Windows reserves',
    );
  });

  it('refuses a database name with a line break, which DBSetup and the web.config step cannot take', async () => {
    const harness = createHarness();
    const answers = await recoveryAnswers(harness, { database: 'Orchestrator\nGO' });
    expect(await refusal(harness, 'recover-orchestrator-database', answers)).toBe(
      'These answers cannot be used. Database: this cannot hold a line break, tab, NUL or other control character.',
    );
  });

  it('refuses a database name longer than SQL Server’s 128 characters in the project’s words', async () => {
    const harness = createHarness();
    const answers = await recoveryAnswers(harness, { database: 'D'.repeat(129) });
    expect(await refusal(harness, 'recover-orchestrator-database', answers)).toBe(
      'These answers cannot be used. Database: a database name has at most 128 characters.',
    );
  });

  it('refuses NUL in a password, which the first step could not pass on', async () => {
    const harness = createHarness();
    const password = 'Secr3t\0tail';
    const message = await refusal(harness, 'encryption-key', {
      ...KEY_BACKUP,
      password,
      confirmPassword: password,
    });
    expect(message).toBe(
      'These answers cannot be used. Password: a password typed at a console prompt cannot hold a line break, tab or other control character.',
    );
    expect(message).not.toContain('Secr3t');
  });

  it('words a refusal zod would word itself, naming the field by its label', async () => {
    const harness = createHarness();
    const message = await refusal(harness, 'restore-databases', {
      ...(await harness.runs.flow('restore-databases').defaults(harness.ctx())),
      authentication: 'ntlm',
      sqlDomain: 'CONTOSO',
      sqlUser: 'wizard',
      sqlPassword: 'p'.repeat(300),
    });
    expect(message).toBe('These answers cannot be used. Password: a password has at most 256 characters here.');
  });

  it('quotes a pasted page back by a short escaped excerpt, never whole or raw', async () => {
    const harness = createHarness();
    const pasted = `SQL\u0007${'x'.repeat(20_180)}`;
    const message = await refusal(harness, 'promote-management-server', {
      server: 'SCSM02',
      sqlServer: pasted,
      database: 'ServiceManager',
    });
    expect(message).toBe(
      `These answers cannot be used. Database server: “SQL{U+0007}${'x'.repeat(28)}…” (20,184 characters) is not a computer name: letters, digits, hyphens and dots, at most 253.`,
    );
  });
});

describe('file names the wizard makes from answers', () => {
  it('keeps the safety backup of a database whose name holds a slash in the backup folder', async () => {
    const manifest = sampleManifest();
    for (const database of manifest.databases) if (database.role === 'Orchestrator') database.name = 'Orch/estrator';
    const harness = createHarness({ manifest });
    const prepared = await harness.runs.prepare(
      'recover-orchestrator-database',
      await harness.runs.flow('recover-orchestrator-database').defaults(harness.ctx()),
    );
    const backup = prepared.plan.flatMap((step) => step.commands).find((command) => command.kind === 'sql');
    expect(JSON.stringify(backup)).toMatch(/Orch_estrator-before-restore-\d{8}-\d{6}-[0-9a-f]{8}\.bak/);
    await harness.runs.start(
      prepared.runId,
      prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id),
      Object.fromEntries(
        prepared.plan.flatMap((step) => (step.destructive ? [[step.id, step.destructive.confirmWord]] : [])),
      ),
    );
    expect((await harness.runs.settled(prepared.runId)).phase).toBe('succeeded');
  });
});

describe('what the plan shows of secrets', () => {
  it('masks a password where it stands, not inside other words of the command line', async () => {
    const harness = createHarness();
    const prepared = await harness.runs.prepare('restore-management-server', SETUP);
    const commandLine = prepared.plan.flatMap((step) => step.commands).find((c) => c.kind === 'program');
    expect(commandLine).toMatchObject({ kind: 'program' });
    const text = commandLine?.kind === 'program' ? commandLine.commandLine : '';
    expect(text).toContain('/ServiceRunUnderAccount:CONTOSO\\svc-scsm\\******** ');
    expect(text).toContain('/WorkflowAccount:CONTOSO\\svc-scsm\\******** ');
    expect(text).not.toContain('********TOSO');
  });

  it('shows the product key by its last group only, on the command line and in the answers', async () => {
    const harness = createHarness();
    const prepared = await harness.runs.prepare('restore-management-server', SETUP);
    const planText = harness.runs.planText(prepared.runId);
    expect(planText).toContain('/ProductKey:*****-*****-*****-*****-UVWXY');
    expect(prepared.answersSummary).toContainEqual({ label: 'Product key', value: '*****-*****-*****-*****-UVWXY' });
    expect(JSON.stringify(prepared)).not.toContain('ABCDE-FGHIJ');
    expect(planText).not.toContain('ABCDE-FGHIJ');
  });

  it('masks a short secret in free text only where it stands alone', () => {
    const redact = createRedactor(['CON', 'a-longer-secret']);
    expect(redact('Signed in to CONTOSO as CON.')).toBe('Signed in to CONTOSO as ********.');
    expect(redact('token=xa-longer-secretx')).toBe('token=x********x');
  });
});

describe('the copied plan', () => {
  /**
   * A flow whose step title, command line, guidance, PowerShell argument and T-SQL parameter hold
   * the answer, beside a T-SQL statement of its own with a literal over two lines.
   */
  const echoing: FlowDefinition<{ target: string }> = {
    id: 'promote-management-server',
    title: 'Plan text test flow',
    scenario: 'test',
    summary: 'test',
    source: 'test',
    answers: z.object({ target: z.string() }),
    secretFields: [],
    unavailableReason: () => null,
    pages: () => [],
    defaults: async () => ({}),
    summarize: (answers) => [{ label: 'Target', value: answers.target }],
    checks: () => [],
    steps: async (answers) => [
      {
        id: 'echo',
        title: `Use ${answers.target}`,
        commands: [
          {
            kind: 'program',
            computer: 'SCSM02',
            commandLine: `Tool.exe ${answers.target}`,
            guidance: [answers.target],
          },
          { kind: 'powershell', computer: 'SCSM02', script: 'Do-Thing.ps1', args: { Name: answers.target, Count: 2 } },
          {
            kind: 'sql',
            server: 'SQL01',
            database: 'master',
            text: "SELECT N'first line\n    second line, indented'\nGO\nSELECT @name",
            params: [{ name: 'name', type: 'nvarchar', value: answers.target }],
          },
        ],
        isDone: async () => false,
        run: async () => undefined,
      },
    ],
    verify: () => [],
  };

  it.each([
    ['a line holding only GO', 'x\nGO\ny'],
    ['a right-to-left override', 'abc\u202Etxt.exe'],
    ['several lines', "line one\n  line 'two'\r\n\tthree"],
    ['NUL and escape', 'a\u0000b\u001b[31m'],
    ['text that looks like an escape', '{U+000A} and {U+0041}'],
  ])('reads back as exactly the commands with %s in a value', async (_label, target) => {
    const harness = createHarness({ flows: [echoing] });
    const prepared = await harness.runs.prepare('promote-management-server', { target });
    const text = harness.runs.planText(prepared.runId);
    const steps = text.slice(text.indexOf('\nSteps\n'));
    // The T-SQL's own GO is the only line holding GO alone, and its literal is not indented.
    expect(steps.split('\n').filter((line) => line.trim() === 'GO')).toEqual(['GO']);
    expect(steps).toContain("\nSELECT N'first line\n    second line, indented'\nGO\n");
    for (const hidden of ['\u0000', '\u001b', '\u202E', '\r']) expect(text).not.toContain(hidden);
    const read = readPlanText(text);
    expect(read.steps.map((step) => step.title)).toEqual(prepared.plan.map((step) => step.title));
    expect(read.steps.map((step) => step.commands)).toEqual(prepared.plan.map((step) => step.commands));
    expect(read.answers).toEqual(prepared.answersSummary);
  });
});
