import type { FlowContext } from '../../engine/flow-types';
import type { SqlRow } from '../../host/types';
import type { SqlTarget } from '../../knowledge/sql/statement';
import { sqlStatements } from '../../knowledge/sql/statements';
import type { CatalogRows } from '../../knowledge/sql/permissions-script';

/** The rows a permissions script is written from: the server's catalog in master, the database's in it. */

const text = (value: SqlRow[string] | undefined): string | null =>
  value === null || value === undefined ? null : String(value);
const flag = (value: SqlRow[string] | undefined): boolean | null =>
  value === null || value === undefined ? null : value === true || Number(value) === 1;

export async function readCatalog(ctx: FlowContext, master: SqlTarget, database: SqlTarget): Promise<CatalogRows> {
  const rows = async (target: SqlTarget, statement: ReturnType<typeof sqlStatements.serverLogins>) =>
    (await ctx.host.sql.execute(target, statement)).rows;
  const logins = await rows(master, sqlStatements.serverLogins());
  const serverRoleMembers = await rows(master, sqlStatements.serverRoleMembers());
  const serverPermissions = await rows(master, sqlStatements.serverPermissions());
  const users = await rows(database, sqlStatements.databaseUsers());
  const roles = await rows(database, sqlStatements.databaseRoles());
  const roleMembers = await rows(database, sqlStatements.databaseRoleMembers());
  const permissions = await rows(database, sqlStatements.databasePermissions());
  return {
    logins: logins.map((row) => ({
      name: String(row.name),
      type: String(row.type).trim(),
      sid: String(row.sid),
      passwordHash: text(row.passwordHash),
      defaultDatabase: text(row.defaultDatabase),
      isDisabled: flag(row.isDisabled) === true,
      checkPolicy: flag(row.checkPolicy),
      checkExpiration: flag(row.checkExpiration),
    })),
    serverRoleMembers: serverRoleMembers.map((row) => ({ role: String(row.role), member: String(row.member) })),
    serverPermissions: serverPermissions.map((row) => ({
      state: String(row.state),
      permission: String(row.permission),
      grantee: String(row.grantee),
    })),
    users: users.map((row) => ({
      name: String(row.name),
      type: String(row.type).trim(),
      sid: String(row.sid),
      login: text(row.login),
      defaultSchema: text(row.defaultSchema),
    })),
    roles: roles.map((row) => String(row.name)),
    roleMembers: roleMembers.map((row) => ({ role: String(row.role), member: String(row.member) })),
    permissions: permissions.map((row) => ({
      state: String(row.state),
      permission: String(row.permission),
      class: Number(row.class),
      objectSchema: text(row.objectSchema),
      objectName: text(row.objectName),
      schemaName: text(row.schemaName),
      grantee: String(row.grantee),
    })),
  };
}
