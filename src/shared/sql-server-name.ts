import { z } from 'zod';

/** How an operator names a SQL Server: `computer`, `computer\instance` or `computer,port`. */
export interface SqlServerName {
  computer: string;
  instance: string | null;
  port: number | null;
}

const computerPart = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
const instancePart = /^[A-Za-z_][A-Za-z0-9_$]{0,15}$/;

export function parseSqlServerName(text: string): SqlServerName | string {
  const value = text.trim();
  if (value.length === 0) return 'enter the SQL Server as computer\\instance, computer,port or computer';
  if (value.includes('\\') && value.includes(',')) {
    return 'give either an instance name or a port, not both';
  }
  const [computer = '', rest] = value.includes('\\') ? value.split('\\', 2) : value.split(',', 2);
  if (/^(localhost|\.|\(local\))$/i.test(computer)) {
    return 'name the computer explicitly: localhost, . and (local) change meaning on another machine';
  }
  if (!computerPart.test(computer)) return `"${computer}" is not a valid computer name`;
  if (rest === undefined) return { computer, instance: null, port: null };
  if (value.includes('\\')) {
    if (!instancePart.test(rest)) return `"${rest}" is not a valid SQL Server instance name`;
    return { computer, instance: rest, port: null };
  }
  const port = Number(rest);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `"${rest}" is not a TCP port (1-65535)`;
  return { computer, instance: null, port };
}

export function formatSqlServerName(name: SqlServerName): string {
  if (name.instance) return `${name.computer}\\${name.instance}`;
  if (name.port) return `${name.computer},${name.port}`;
  return name.computer;
}

export const sqlServerNameField = z.string().superRefine((text, ctx) => {
  const parsed = parseSqlServerName(text);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

export const databaseNameField = z
  .string()
  .trim()
  .min(1, 'enter the database name')
  .max(128, 'a database name has at most 128 characters');
