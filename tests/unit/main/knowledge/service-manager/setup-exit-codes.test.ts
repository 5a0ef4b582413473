import { describe, expect, it } from 'vitest';
import {
  describeSetupExit,
  normaliseExitCode,
} from '../../../../../src/main/knowledge/service-manager/setup-exit-codes';

describe('describeSetupExit', () => {
  it('reads 0 as success', () => {
    expect(describeSetupExit(0)).toEqual({ outcome: 'success', message: 'Setup completed successfully.' });
  });

  it('reads 3010 as success that needs a restart, and says to restart', () => {
    const exit = describeSetupExit(3010);
    expect(exit.outcome).toBe('restart-needed');
    expect(exit.message).toContain('completed successfully');
    expect(exit.message).toContain('Restart this server');
  });

  it.each([
    [-1, 'database that already exists'],
    [-15, '/?'],
    [-14, 'prerequisite'],
    [220, 'SQL Server instance'],
    [263, 'sysadmin'],
  ])('reads %i as a failure and says what to look at', (code, hint) => {
    const exit = describeSetupExit(code);
    expect(exit.outcome).toBe('failure');
    expect(exit.message).toContain(`exit code ${code}`);
    expect(exit.message).toContain(hint);
  });

  it.each([200, 250, 290])('names %i as one of Setup’s named failures and sends the operator to the log', (code) => {
    const exit = describeSetupExit(code);
    expect(exit).toMatchObject({ outcome: 'failure' });
    expect(exit.message).toContain(`error ${code}`);
    expect(exit.message).toContain('log');
  });

  it.each([1, 199, 291, 1603, -2])('calls %i unknown and does not pretend it succeeded', (code) => {
    const exit = describeSetupExit(code);
    expect(exit.outcome).toBe('failure');
    expect(exit.message).toContain(`exit code ${code}, which the wizard does not know`);
  });

  it('reads the unsigned form Windows reports for negative codes', () => {
    expect(describeSetupExit(4294967295)).toEqual(describeSetupExit(-1));
    expect(describeSetupExit(4294967281)).toEqual(describeSetupExit(-15));
    expect(describeSetupExit(4294967282)).toEqual(describeSetupExit(-14));
  });
});

describe('normaliseExitCode', () => {
  it('turns unsigned 32-bit codes into the signed values Setup documents and leaves others alone', () => {
    expect(normaliseExitCode(0xffffffff)).toBe(-1);
    expect(normaliseExitCode(0xfffffff1)).toBe(-15);
    expect(normaliseExitCode(0x80000000)).toBe(-0x80000000);
    expect(normaliseExitCode(0x7fffffff)).toBe(0x7fffffff);
    expect(normaliseExitCode(3010)).toBe(3010);
    expect(normaliseExitCode(-14)).toBe(-14);
  });
});
