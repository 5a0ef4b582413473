import { describe, expect, it } from 'vitest';
import { permissionsScript } from '../../../../../src/main/host/drill/sample-kit';
import { splitSqlBatches } from '../../../../../src/main/knowledge/sql/batch-splitter';

const principals = [{ login: 'CONTOSO\\svc-scsm', roles: ['sdk_users'], execute: true }];

describe("the drill kit's permissions script", () => {
  it.each(['/* open', 'close */', 'a\nGO\nb', '"quoted" */ DROP DATABASE x; /*'])(
    'keeps the database and server name %j inside its header comment',
    (name) => {
      const batches = splitSqlBatches(permissionsScript(name, name, principals));
      const benign = splitSqlBatches(permissionsScript('ServiceManager', 'SQLSM01\\SCSM', principals));
      expect(batches.map((batch) => batch.text.split('\n').at(-2))).toEqual(
        benign.map((batch) => batch.text.split('\n').at(-2)),
      );
      expect(batches[0]?.text).toContain(JSON.stringify(name).replaceAll('*', '\\u002a'));
    },
  );

  it('refuses a login SQL Server could not hold', () => {
    expect(() => permissionsScript('ServiceManager', 'SQLSM01', [{ login: '', roles: [], execute: false }])).toThrow(
      RangeError,
    );
    expect(() =>
      permissionsScript('ServiceManager', 'SQLSM01', [{ login: 'x'.repeat(129), roles: [], execute: false }]),
    ).toThrow('A login name has 1 to 128 characters; this one has 129.');
  });
});
