import { z } from 'zod';
import { excerpt } from './validation/display-escape';
import { singleLineField } from './validation/text-rules';

/** How an operator names a SQL Server: `computer`, `computer\instance` or `computer,port`. */
export interface SqlServerName {
  computer: string;
  instance: string | null;
  port: number | null;
}

// A NetBIOS or DNS name: a DNS name has at most 253 characters.
const computerPart = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;
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
  if (!computerPart.test(computer)) {
    return `${excerpt(computer)} is not a computer name: letters, digits, hyphens and dots, at most 253`;
  }
  if (rest === undefined) return { computer, instance: null, port: null };
  if (value.includes('\\')) {
    if (!instancePart.test(rest)) {
      return `${excerpt(rest)} is not a SQL Server instance name: at most 16 letters, digits, _ and $, starting with a letter or _`;
    }
    return { computer, instance: rest, port: null };
  }
  const port = Number(rest);
  if (!/^[0-9]{1,5}$/.test(rest) || port < 1 || port > 65535) return `${excerpt(rest)} is not a TCP port (1-65535)`;
  return { computer, instance: null, port };
}

export function formatSqlServerName(name: SqlServerName): string {
  if (name.instance) return `${name.computer}\\${name.instance}`;
  if (name.port) return `${name.computer},${name.port}`;
  return name.computer;
}

export const sqlServerNameField = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    const parsed = parseSqlServerName(text);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  });

/**
 * A database name as SQL Server (sysname: 128 characters), QUOTENAME, a connection string in a
 * web.config and DBSetup all take it: one line, no control character.
 */
export const databaseNameField = singleLineField({
  missing: 'enter the database name',
  max: 128,
  tooLong: 'a database name has at most 128 characters',
});
