import { createHash } from 'node:crypto';
import type { SqlRow } from '../types';
import type { DrillDatabase, DrillSqlServer } from './sql-instances';

/**
 * What the drill's SQL Server answers from its catalog views (sys.server_principals,
 * sys.sql_logins, sys.database_principals, role members, permissions) for the permissions
 * scripts a kit is made with. A login whose name has a backslash is a Windows login; any other is
 * a SQL login. SIDs and password hashes are not kept in the site's state: each is derived from the
 * login's name, the same every time, in the shape SQL Server gives them (0x hex).
 */

function hexOf(seed: string, bytes: number): string {
  let hex = '';
  for (let round = 0; hex.length < bytes * 2; round += 1) {
    hex += createHash('sha256').update(`${round}/${seed}`).digest('hex');
  }
  return hex.slice(0, bytes * 2).toUpperCase();
}

export function isWindowsLogin(login: string): boolean {
  return login.includes('\\');
}

/** A Windows account's SID (S-1-5-21-...: 28 bytes) or a SQL login's (16 bytes). */
export function loginSid(login: string): string {
  const key = login.toLowerCase();
  return isWindowsLogin(login) ? `0x010500000000000515000000${hexOf(key, 16)}` : `0x${hexOf(`sql/${key}`, 16)}`;
}

/** A SQL login's password hash as SQL Server 2012 and later store it: 0x0200, a 4-byte salt, SHA-512. */
export function sqlLoginPasswordHash(login: string): string {
  return `0x0200${hexOf(`hash/${login}`, 68)}`;
}

export function serverLoginRows(server: DrillSqlServer): SqlRow[] {
  return [...server.logins]
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const windows = isWindowsLogin(name);
      return {
        name,
        type: windows ? 'U' : 'S',
        sid: loginSid(name),
        passwordHash: windows ? null : sqlLoginPasswordHash(name),
        defaultDatabase: 'master',
        isDisabled: false,
        checkPolicy: windows ? null : true,
        checkExpiration: windows ? null : false,
      };
    });
}

export function serverRoleMemberRows(server: DrillSqlServer): SqlRow[] {
  return (server.serverRoleMembers ?? []).map(({ role, member }) => ({ role, member }));
}

export function serverPermissionRows(server: DrillSqlServer): SqlRow[] {
  return (server.serverPermissions ?? []).map(({ state, permission, grantee }) => ({ state, permission, grantee }));
}

/** Users whose login is still on the server map to it by SID; the others' login column is NULL. */
export function databaseUserRows(server: DrillSqlServer, database: DrillDatabase): SqlRow[] {
  return (database.principals ?? []).map((principal) => {
    const login = server.logins.find((known) => known.toLowerCase() === (principal.login ?? '').toLowerCase());
    return {
      name: principal.name,
      type: isWindowsLogin(principal.login ?? principal.name) ? 'U' : 'S',
      sid: loginSid(principal.login ?? principal.name),
      login: login ?? null,
      defaultSchema: 'dbo',
    };
  });
}

export function databaseRoleRows(database: DrillDatabase): SqlRow[] {
  return (database.customRoles ?? []).map((name) => ({ name }));
}

export function databaseRoleMemberRows(database: DrillDatabase): SqlRow[] {
  return (database.principals ?? []).flatMap((principal) =>
    principal.roles.map((role) => ({ role, member: principal.name })),
  );
}

/** class: 0 the database, 1 an object, 3 a schema, as sys.database_permissions numbers them. */
export function databasePermissionRows(database: DrillDatabase): SqlRow[] {
  return (database.principals ?? []).flatMap((principal) =>
    principal.permissions.map((permission) => {
      const onObject = permission.object !== undefined;
      const onSchema = !onObject && permission.schema !== undefined;
      return {
        state: permission.state,
        permission: permission.permission,
        class: onObject ? 1 : onSchema ? 3 : 0,
        objectSchema: onObject ? (permission.schema ?? 'dbo') : null,
        objectName: onObject ? (permission.object ?? null) : null,
        schemaName: onSchema ? (permission.schema ?? null) : null,
        grantee: principal.name,
      };
    }),
  );
}
