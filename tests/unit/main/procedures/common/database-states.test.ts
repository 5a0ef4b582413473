import { describe, expect, it } from 'vitest';
import { findDatabaseState, type DatabaseState } from '../../../../../src/main/procedures/common/database-states';

const online = (name: string): DatabaseState => ({ name, state: 'ONLINE', recoveryModel: 'FULL' });

describe('findDatabaseState', () => {
  it('finds a database as SQL Server compares names: case and trailing spaces aside', () => {
    const states = [online('ServiceManager'), online('DWDataMart ')];
    expect(findDatabaseState(states, 'servicemanager')?.name).toBe('ServiceManager');
    expect(findDatabaseState(states, 'DWDataMart')?.name).toBe('DWDataMart ');
    expect(findDatabaseState(states, 'DWDataMart  ')?.name).toBe('DWDataMart ');
  });

  it('keeps every other character of the name, so it never finds another database', () => {
    const states = [online('leading'), online('GO'), online('bom'), online('\uFEFFbom'), online('GO\n')];
    expect(findDatabaseState(states, ' leading')).toBeUndefined();
    expect(findDatabaseState(states, '\nGO\n')).toBeUndefined();
    expect(findDatabaseState(states, '\uFEFFbom')?.name).toBe('\uFEFFbom');
    expect(findDatabaseState(states, 'GO\n')?.name).toBe('GO\n');
    expect(findDatabaseState([online('\r')], '\r')?.name).toBe('\r');
  });
});
