/**
 * What Service Manager Setup.exe's exit codes mean ("Deploy a Service Manager management server
 * using the command line"), in the words an administrator acts on.
 */

export type SetupOutcome = 'success' | 'restart-needed' | 'failure';

export interface SetupExitDescription {
  outcome: SetupOutcome;
  message: string;
}

const readTheLog = "The end of Setup's log, shown with this step, names the cause";

/**
 * Windows hands a process's exit code over as an unsigned 32-bit number, so Setup's -1 arrives
 * as 4294967295; Setup's documentation speaks of the signed value.
 */
export function normaliseExitCode(code: number): number {
  return code > 0x7fff_ffff && code <= 0xffff_ffff ? code - 0x1_0000_0000 : code;
}

export function describeSetupExit(code: number): SetupExitDescription {
  const exitCode = normaliseExitCode(code);
  switch (exitCode) {
    case 0:
      return { outcome: 'success', message: 'Setup completed successfully.' };
    case 3010:
      return {
        outcome: 'restart-needed',
        message:
          'Setup completed successfully, but Windows must restart to finish the installation (exit code 3010). ' +
          'Restart this server before you continue.',
      };
    case -1:
      return failure(
        'Setup failed (exit code -1). Setup also ends this way when it was asked to create a database that already exists. ' +
          `${readTheLog}; correct it, remove whatever Setup installed halfway (Programs and Features), and run Setup again.`,
      );
    case -15:
      return failure(
        'Setup rejected its command line (exit code -15): a switch is unknown to this version of Setup, out of place, ' +
          'or has a malformed value. Compare the command line with the list `Setup.exe /?` prints, then run Setup again, ' +
          "or install through Setup's own wizard.",
      );
    case -14:
      return failure(
        "Setup's prerequisite checks failed (exit code -14), so nothing was installed. " +
          `${readTheLog}: install or fix the missing prerequisite and run Setup again.`,
      );
    case 220:
      return failure(
        'Setup could not use the SQL Server instance it was given (exit code 220). Check the computer and instance name, ' +
          'that the instance is running and, for a named instance, that the SQL Server Browser is running; then run Setup again.',
      );
    case 263:
      return failure(
        'The account running Setup is not a member of the sysadmin role on the SQL Server instance (exit code 263). ' +
          'Have a SQL Server administrator add it, or run the wizard as an account that is, then run Setup again.',
      );
    default:
      if (exitCode >= 200 && exitCode <= 290) {
        return failure(
          `Setup failed with error ${exitCode}, one of its named failures. ${readTheLog}; correct it and run Setup again.`,
        );
      }
      return failure(
        `Setup ended with exit code ${exitCode}, which the wizard does not know. ` +
          "Read Setup's log to find out whether it completed before you continue.",
      );
  }
}

function failure(message: string): SetupExitDescription {
  return { outcome: 'failure', message };
}
