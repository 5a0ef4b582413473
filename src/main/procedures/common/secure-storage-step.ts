import { OperatorError } from '../../engine/errors';
import type { FlowContext, StepDefinition } from '../../engine/flow-types';
import { CommandLineUnsupportedError } from '../../knowledge/failures';
import type { SecureStorageAction } from '../../knowledge/service-manager/secure-storage-backup';
import type { FileFacts, SecureStorageWizardEntries, StepIo } from '../../host/types';
import { fingerprint } from './key-accounts';

/**
 * The step that runs the Encryption Key Backup or Restore Wizard (SecureStorageBackup.exe) on
 * this computer: its command line with the password typed at its prompts, or, where this version
 * cannot be driven that way, its own wizard with what to enter on each page. "Back up or restore
 * an encryption key" and "Prepare the recovery kit" both run it.
 */

/** The pages of the tool's own wizard with what to enter, as "Implement Service Manager disaster recovery" describes them. The password is never shown. */
export function wizardGuidance(
  entries: Omit<SecureStorageWizardEntries, 'password'>,
  usesRemembered: boolean,
): string[] {
  // The tool's own words: "Backup the Encryption Key", "Secure Storage Key Backup Complete".
  const verb = entries.action;
  const password = usesRemembered
    ? 'the password this key file was backed up with. The one remembered in the OS keychain cannot be shown or typed for you: take it from where you keep it offline'
    : 'the password you typed on this wizard’s "Provide a Password" page';
  return [
    'Introduction: select Next.',
    `Backup or Restore?: select "${verb} the Encryption Key", then Next.`,
    `Provide a Location: enter ${entries.file}, then Next.`,
    `Provide a Password: in Password and in Confirm Password, enter ${password}. Then select Next.`,
    `After the message "Secure Storage Key ${verb} Complete", select Finish. This wizard then checks the result.`,
  ];
}

const FALLBACK_NOTE =
  'Only if this version cannot be driven from its command line: the tool is opened with no arguments, as its own wizard, and you enter:';

/**
 * The fallback of the documented procedure ("Restore the Service Manager encryption key"): the operator drives the tool's own wizard, and the
 * result is checked from outside it because nothing was typed by this wizard.
 */
async function runToolWizard(
  ctx: FlowContext,
  io: StepIo,
  tool: string,
  entries: SecureStorageWizardEntries,
  guidance: readonly string[],
): Promise<void> {
  const here = await ctx.host.system.computerName();
  const openWizard = async (): Promise<number> => {
    io.output('The Encryption Key Backup or Restore Wizard opens now. Enter these values, page by page:');
    for (const line of guidance) io.output(line);
    return (await ctx.host.secureStorage.runInteractive(tool, entries, io)).exitCode;
  };

  if (entries.action === 'Restore') {
    const exitCode = await openWizard();
    if (exitCode !== 0) {
      throw new OperatorError(
        `The Encryption Key Backup or Restore Wizard ended with exit code ${exitCode}: the key may not have been restored. Run this step again, and read the wizard's message before you select Finish.`,
      );
    }
    io.output(
      'The wizard ended with exit code 0. The restored key cannot be read from outside the tool, so that exit code is the only sign of success: it should have said "Secure Storage Key Restore Complete".',
    );
    return;
  }

  // Taken just before the wizard opens, so only what the operator does in it counts as new.
  const before = await ctx.host.files.stat(here, entries.file);
  const exitCode = await openWizard();
  const after = await ctx.host.files.stat(here, entries.file);
  const problem = backupProblem(before, after);
  if (problem) {
    throw new OperatorError(
      `${entries.file} ${problem}: the key was not backed up (the wizard ended with exit code ${exitCode}). Run this step again and enter the values listed.`,
    );
  }
  const print = after.sha256 ? `, fingerprint ${fingerprint(after.sha256)}` : '';
  io.output(
    `Checked: the wizard wrote ${entries.file} (${after.size} bytes${print}); it ended with exit code ${exitCode}.`,
  );
}

/**
 * Why the file is not a fresh backup, or null. New means absent before or changed since: the
 * file may be on a share whose clock differs from this computer's, so times are not compared.
 */
function backupProblem(before: FileFacts, after: FileFacts): string | null {
  if (!after.exists || after.isDirectory) return 'is not there';
  if (after.size === 0) return 'is empty';
  const unchanged = before.exists && before.modified === after.modified && before.sha256 === after.sha256;
  return unchanged ? 'is the one that was there before' : null;
}

export interface SecureStorageStepOptions {
  id: string;
  title: string;
  /** This computer: the tool runs where the key is. */
  computer: string;
  tool: string;
  action: SecureStorageAction;
  file: string;
  /** The password is the one remembered in the OS keychain (a restore only). */
  usesRemembered: boolean;
  usesSecrets: readonly string[];
  destructive?: StepDefinition['destructive'];
  password(ctx: FlowContext): Promise<string>;
  isDone(ctx: FlowContext): Promise<boolean>;
}

export function secureStorageStep(ctx: FlowContext, options: SecureStorageStepOptions): StepDefinition {
  const { tool, action, file, usesRemembered } = options;
  const guidance = wizardGuidance({ action, file }, usesRemembered);
  return {
    id: options.id,
    title: options.title,
    commands: [
      {
        kind: 'program',
        computer: options.computer,
        commandLine: ctx.host.secureStorage.describe(tool, action, file),
        input: usesRemembered ? 'the remembered password, twice (hidden)' : 'the password, twice (hidden)',
      },
      {
        kind: 'program',
        computer: options.computer,
        commandLine: ctx.host.secureStorage.describeInteractive(tool),
        fallbackFor: 'If the command line cannot be driven',
        guidance: [FALLBACK_NOTE, ...guidance],
      },
    ],
    destructive: options.destructive,
    usesSecrets: options.usesSecrets,
    isDone: options.isDone,
    run: async (c, io) => {
      const password = await options.password(c);
      try {
        await c.host.secureStorage.run(tool, action, file, password, io);
        return;
      } catch (error) {
        if (!(error instanceof CommandLineUnsupportedError)) throw error;
        io.output(error.message);
      }
      await runToolWizard(c, io, tool, { action, file, password }, guidance);
    },
  };
}
