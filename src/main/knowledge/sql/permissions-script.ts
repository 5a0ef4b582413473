import { sqlStringLiteral } from './literals';
import { splitSqlBatches } from './batch-splitter';

/**
 * The permissions script of one database, written from what the catalog views say (the rows of
 * the catalog builders in statements.ts), not by SQL Server Management Studio's "Generate
 * Scripts", whose defaults script no logins and no object permissions. A restored database brings
 * back its users, roles and permissions; it does not bring back the server's logins, their server
 * roles and server permissions, nor, for a SQL login made anew, the SID that ties its user to it.
 * So the script recreates the logins with their SIDs (a SQL login with its password hash, never
 * the password), then makes sure of the users, roles, memberships and permissions. Every
 * statement can run twice. Names are bracketed with `]` doubled; every literal comes from the one
 * escaper, sqlStringLiteral.
 */

export interface LoginRow {
  name: string;
  /** S: SQL login, U: Windows login, G: Windows group. */
  type: string;
  /** 0x hex. */
  sid: string;
  /** 0x hex; null for a Windows login. */
  passwordHash: string | null;
  defaultDatabase: string | null;
  isDisabled: boolean;
  checkPolicy: boolean | null;
  checkExpiration: boolean | null;
}

export interface RoleMemberRow {
  role: string;
  member: string;
}

export interface ServerPermissionRow {
  /** GRANT, DENY or GRANT_WITH_GRANT_OPTION. */
  state: string;
  permission: string;
  grantee: string;
}

export interface DatabaseUserRow {
  name: string;
  type: string;
  sid: string;
  /** The server login the user's SID maps to; null when there is none. */
  login: string | null;
  defaultSchema: string | null;
}

export interface DatabasePermissionRow {
  state: string;
  permission: string;
  /** 0: the database, 1: an object, 3: a schema. */
  class: number;
  objectSchema: string | null;
  objectName: string | null;
  schemaName: string | null;
  grantee: string;
}

export interface CatalogRows {
  logins: LoginRow[];
  serverRoleMembers: RoleMemberRow[];
  serverPermissions: ServerPermissionRow[];
  users: DatabaseUserRow[];
  roles: string[];
  roleMembers: RoleMemberRow[];
  permissions: DatabasePermissionRow[];
}

export interface LeftOut {
  name: string;
  reason: string;
}

export interface PermissionsScript {
  text: string;
  /** How many batches the GO splitter the restore uses finds in it. */
  batches: number;
  logins: number;
  users: number;
  /** The logins and users the script does not recreate, and why. */
  leftOut: LeftOut[];
}

/** A name as T-SQL quotes an identifier: in brackets, `]` doubled. sysname holds 1 to 128 characters. */
export function quotedName(name: string): string {
  if (name.length === 0 || name.length > 128) {
    throw new RangeError(`A SQL Server name has 1 to 128 characters; this one has ${name.length}.`);
  }
  if (name.includes('\0')) throw new RangeError('A SQL Server name must not contain a NUL character.');
  return `[${name.replaceAll(']', ']]')}]`;
}

/**
 * Why a restore must not recreate this login, or null: SQL Server's own certificate logins
 * (##...##), sa, the local computer's accounts and groups, and Windows' built-in accounts
 * (NT AUTHORITY\..., NT SERVICE\...), which a rebuilt server has of its own.
 */
export function loginLeftOutReason(login: string, sqlComputer: string): string | null {
  const upper = login.toUpperCase();
  if (login.startsWith('##')) return 'SQL Server’s own certificate login';
  if (upper === 'SA') return 'sa exists on every SQL Server';
  if (upper.startsWith(`${sqlComputer.toUpperCase()}\\`)) return `an account of the computer ${sqlComputer} itself`;
  if (upper.startsWith('NT ')) return 'a Windows built-in account, which the rebuilt server has of its own';
  return null;
}

const PERMISSION_WORDS = /^[A-Z]+( [A-Z]+)*$/;

/** A permission's name from the catalog goes into the text as written there; anything but words is refused. */
function permissionName(permission: string): string {
  if (!PERMISSION_WORDS.test(permission)) throw new RangeError(`"${permission}" is not a permission name.`);
  return permission;
}

const HEX = /^0x(?:[0-9A-Fa-f]{2})+$/;

function hexValue(value: string, what: string): string {
  if (!HEX.test(value)) throw new RangeError(`The ${what} is not 0x hex.`);
  return value;
}

function permissionStatement(state: string, permission: string, on: string, grantee: string): string {
  const target = `${on}TO ${quotedName(grantee)}`;
  if (state === 'DENY') return `DENY ${permissionName(permission)} ${target};`;
  if (state === 'GRANT_WITH_GRANT_OPTION') return `GRANT ${permissionName(permission)} ${target} WITH GRANT OPTION;`;
  if (state === 'GRANT') return `GRANT ${permissionName(permission)} ${target};`;
  throw new RangeError(`"${state}" is not a permission state.`);
}

function loginBatches(login: LoginRow): string[] {
  const name = quotedName(login.name);
  const exists = `IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = ${sqlStringLiteral(login.name)})\n    `;
  const create =
    login.type === 'S'
      ? `CREATE LOGIN ${name} WITH PASSWORD = ${hexValue(login.passwordHash ?? '', 'password hash')} HASHED, ` +
        `SID = ${hexValue(login.sid, 'SID')}, DEFAULT_DATABASE = [master], ` +
        `CHECK_POLICY = ${login.checkPolicy ? 'ON' : 'OFF'}, CHECK_EXPIRATION = ${login.checkExpiration ? 'ON' : 'OFF'};`
      : `CREATE LOGIN ${name} FROM WINDOWS WITH DEFAULT_DATABASE = [master];`;
  const batches = [`${exists}${create}`];
  // A default database other than master may not exist yet on a rebuilt server: set once it does.
  const defaultDatabase = login.defaultDatabase;
  if (defaultDatabase && defaultDatabase.toLowerCase() !== 'master') {
    batches.push(
      `IF DB_ID(${sqlStringLiteral(defaultDatabase)}) IS NOT NULL\n` +
        `    ALTER LOGIN ${name} WITH DEFAULT_DATABASE = ${quotedName(defaultDatabase)};`,
    );
  }
  if (login.isDisabled) batches.push(`ALTER LOGIN ${name} DISABLE;`);
  return batches;
}

function userBatches(user: DatabaseUserRow, login: LoginRow): string[] {
  const name = quotedName(user.name);
  const schema = quotedName(user.defaultSchema ?? 'dbo');
  const batches = [
    `IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = ${sqlStringLiteral(user.name)})\n` +
      `    CREATE USER ${name} FOR LOGIN ${quotedName(login.name)} WITH DEFAULT_SCHEMA = ${schema};`,
  ];
  // A SQL login made on another server has another SID: the restored user is tied to it again.
  if (login.type === 'S') batches.push(`ALTER USER ${name} WITH LOGIN = ${quotedName(login.name)};`);
  return batches;
}

function databasePermissionOn(row: DatabasePermissionRow): string | null {
  if (row.class === 0) return '';
  if (row.class === 3 && row.schemaName) return `ON SCHEMA::${quotedName(row.schemaName)} `;
  if (row.class === 1 && row.objectName) {
    return `ON OBJECT::${quotedName(row.objectSchema ?? 'dbo')}.${quotedName(row.objectName)} `;
  }
  return null;
}

/**
 * A name in the header comment, as JSON with every * escaped, so no name (a line reading GO, a
 * comment mark) can end the comment or open one nested in it.
 */
function commented(name: string): string {
  return JSON.stringify(name).replaceAll('*', '\\u002a');
}

/**
 * The script for `database` on the SQL Server `sqlServer` (computer or computer\instance), whose
 * computer is `sqlComputer`. The logins it holds are those the database's users map to. It names
 * no database: the restore runs each batch in the restored database.
 */
export function permissionsScript(
  database: string,
  sqlServer: string,
  sqlComputer: string,
  rows: CatalogRows,
): PermissionsScript {
  const leftOut: LeftOut[] = [];
  const loginsByName = new Map(rows.logins.map((login) => [login.name.toLowerCase(), login]));
  const scriptedLogins: LoginRow[] = [];
  const scriptedUsers: { user: DatabaseUserRow; login: LoginRow }[] = [];
  for (const user of rows.users) {
    const login = user.login === null ? undefined : loginsByName.get(user.login.toLowerCase());
    if (!login) {
      leftOut.push({ name: user.name, reason: 'a user without a login on this server (orphaned)' });
      continue;
    }
    const reason = loginLeftOutReason(login.name, sqlComputer);
    if (reason) {
      leftOut.push({ name: login.name, reason });
      continue;
    }
    if (!scriptedLogins.includes(login)) scriptedLogins.push(login);
    scriptedUsers.push({ user, login });
  }
  const loginNames = new Set(scriptedLogins.map((login) => login.name.toLowerCase()));
  const userNames = new Set([
    ...scriptedUsers.map(({ user }) => user.name.toLowerCase()),
    ...rows.roles.map((role) => role.toLowerCase()),
  ]);

  const batches: string[] = [
    ...scriptedLogins.flatMap(loginBatches),
    ...rows.serverRoleMembers
      .filter((member) => loginNames.has(member.member.toLowerCase()))
      .map((member) => `ALTER SERVER ROLE ${quotedName(member.role)} ADD MEMBER ${quotedName(member.member)};`),
    ...rows.serverPermissions
      .filter((permission) => loginNames.has(permission.grantee.toLowerCase()))
      .map((permission) => permissionStatement(permission.state, permission.permission, '', permission.grantee)),
    ...rows.roles.map(
      (role) =>
        `IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = ${sqlStringLiteral(role)} AND type = 'R')\n` +
        `    CREATE ROLE ${quotedName(role)};`,
    ),
    ...scriptedUsers.flatMap(({ user, login }) => userBatches(user, login)),
    ...rows.roleMembers
      .filter((member) => userNames.has(member.member.toLowerCase()))
      .map((member) => `ALTER ROLE ${quotedName(member.role)} ADD MEMBER ${quotedName(member.member)};`),
    ...rows.permissions
      .filter((permission) => userNames.has(permission.grantee.toLowerCase()))
      .flatMap((permission) => {
        const on = databasePermissionOn(permission);
        return on === null
          ? []
          : [permissionStatement(permission.state, permission.permission, on, permission.grantee)];
      }),
  ];
  const header = `/*
    Permissions of the ${commented(database)} database on ${commented(sqlServer)}, written by the System Center
    Recovery Wizard from the server's catalog views when the recovery kit was prepared.
    A restored database brings its users back, not the server logins they belong to. Run this
    script after restoring the database, batch by batch: batches end at a line that reads
GO
    as sqlcmd and SQL Server Management Studio expect. Every statement can run twice.
    Left out: ${leftOut.length === 0 ? 'nothing' : leftOut.map((entry) => commented(entry.name)).join(', ')}.
*/
SET NOCOUNT ON;`;
  const text = [header, ...batches].map((batch) => `${batch}\nGO\n`).join('');
  // The restore splits the script with this splitter: a name that broke out of its brackets or
  // literal would change the batches it finds.
  const split = splitSqlBatches(text);
  if (split.length !== batches.length + 1) {
    throw new Error(
      `The permissions script of ${database} splits into ${split.length} batches, not ${batches.length + 1}.`,
    );
  }
  return {
    text,
    batches: split.length,
    logins: scriptedLogins.length,
    users: scriptedUsers.length,
    leftOut,
  };
}
