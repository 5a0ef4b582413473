import { describe, expect, it } from 'vitest';
import { operatorAccount } from '../../../../src/main/app/operator-account';

describe('the operator account a report names', () => {
  it('is DOMAIN\\user on Windows and the user name elsewhere', () => {
    expect(operatorAccount({ USERDOMAIN: 'CONTOSO' }, 'win32', () => 'operator')).toBe('CONTOSO\\operator');
    expect(operatorAccount({ USERDOMAIN: 'CONTOSO' }, 'linux', () => 'operator')).toBe('operator');
    expect(operatorAccount({}, 'win32', () => 'operator')).toBe('operator');
  });

  it('falls back to the environment when the user database has no entry for the account', () => {
    const missing = () => {
      throw new Error('ENOENT: no such user');
    };
    expect(operatorAccount({ USERNAME: 'operator', USERDOMAIN: 'CONTOSO' }, 'win32', missing)).toBe(
      'CONTOSO\\operator',
    );
    expect(operatorAccount({ USER: 'drill' }, 'linux', missing)).toBe('drill');
  });
});
