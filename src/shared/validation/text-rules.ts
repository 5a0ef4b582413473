import { z } from 'zod';
import { windowsPathProblem, type WindowsPathRule } from './windows-path';

/**
 * What every text answer must be before any tool sees it. A value travels as UTF-8 (the JSON
 * payload of a PowerShell script, the journal) or UTF-16 (a command line, SQL Server), so an
 * unpaired surrogate would arrive as U+FFFD; U+FFFE and U+FFFF are not characters at all and
 * an XML file (web.config) cannot hold them. Control characters are refused in every name and
 * path: a line break would split the line a tool reads, NUL ends a string in C, and an XML
 * attribute turns them into spaces.
 */

const NOT_TEXT = /[\p{Cs}\uFFFE\uFFFF]/u;
// Control characters, and the line and paragraph separators, which are line breaks to Unicode.
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;

export const NOT_TEXT_MESSAGE = 'this holds a character that is not text (an unpaired surrogate, U+FFFE or U+FFFF)';
export const CONTROL_MESSAGE = 'this cannot hold a line break, tab, NUL or other control character';

/** Why `value` cannot be a single-line answer (a name, a path), or null. */
export function singleLineProblem(value: string): string | null {
  if (NOT_TEXT.test(value)) return NOT_TEXT_MESSAGE;
  if (CONTROL.test(value)) return CONTROL_MESSAGE;
  return null;
}

/**
 * Why `value` cannot be a password, or null. A password may hold any character a keyboard
 * gives, but NUL ends a string wherever C code reads it (ODBC, the command line Windows hands
 * a program), and a console prompt (SecureStorageBackup.exe) takes no control character at all.
 */
export function passwordProblem(value: string, reader: 'program' | 'console'): string | null {
  if (NOT_TEXT.test(value)) return NOT_TEXT_MESSAGE;
  if (reader === 'console' && /\p{Cc}/u.test(value)) {
    return 'a password typed at a console prompt cannot hold a line break, tab or other control character';
  }
  if (value.includes('\0')) return 'a password cannot hold NUL (U+0000): the programs reading it stop there';
  return null;
}

/** Adds `problem` to the issues of the refinement under `path`, when there is one. */
export function addProblem(ctx: z.RefinementCtx, path: (string | number)[], problem: string | null): void {
  if (problem !== null) ctx.addIssue({ code: 'custom', path, message: problem });
}

/**
 * A name or other single-line answer: trimmed (a pasted value often ends with a space), at most
 * `max` characters, and no control character.
 */
export function singleLineField(options: { missing?: string; max: number; tooLong?: string }) {
  const base = z.string().trim();
  const required = options.missing === undefined ? base : base.min(1, options.missing);
  return required
    .max(options.max, options.tooLong ?? `at most ${options.max} characters`)
    .superRefine((value, ctx) => addProblem(ctx, [], singleLineProblem(value)));
}

export function passwordField(options: { max: number; reader: 'program' | 'console'; missing?: string }) {
  const base = options.missing === undefined ? z.string() : z.string().min(1, options.missing);
  return base
    .max(options.max, `a password has at most ${options.max} characters here`)
    .superRefine((value, ctx) => addProblem(ctx, [], passwordProblem(value, options.reader)));
}

/** Why a path answer cannot be used, or null; an empty answer gets `missing`. */
export function pathAnswerProblem(value: unknown, rule: WindowsPathRule, missing: string): string | null {
  if (typeof value !== 'string' || value.trim() === '') return missing;
  const path = value.trim();
  return singleLineProblem(path) ?? windowsPathProblem(path, rule);
}

/** A path every tool can be given as typed: see windowsPathProblem. */
export function pathField(rule: WindowsPathRule, missing: string) {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => addProblem(ctx, [], pathAnswerProblem(value, rule, missing)));
}

/** A path that may be left empty. */
export function optionalPathField(rule: WindowsPathRule) {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      if (value !== '') addProblem(ctx, [], pathAnswerProblem(value, rule, ''));
    });
}

// NetBIOS names ("Naming conventions in Active Directory for computers, domains, sites, and
// OUs"): at most 15 characters; the wizard, like the manifest, takes letters, digits and hyphens.
const NETBIOS_COMPUTER = /^[A-Za-z0-9][A-Za-z0-9-]{0,14}$/u;

/** A computer chosen from the manifest: only a NetBIOS name can match one. */
export function computerNameField(missing: string) {
  return z
    .string()
    .min(1, missing)
    .superRefine((value, ctx) => {
      if (value !== '' && !NETBIOS_COMPUTER.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: 'a computer name has 1 to 15 letters, digits and hyphens, and starts with a letter or digit',
        });
      }
    });
}

// A domain's NetBIOS name, or its DNS name: labels of letters, digits and hyphens.
const DOMAIN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/u;

export function domainProblem(value: string, example: string): string | null {
  return DOMAIN.test(value) ? null : `enter the domain, e.g. ${example}`;
}

// sAMAccountName, the name in DOMAIN\user ("User-Logon-Name attribute"): at most 20 characters,
// none of " / \ [ ] : ; | = , + * ? < > @.
const ACCOUNT_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/u;
export const ACCOUNT_NAME_MAX = 20;

export interface WindowsAccount {
  domain: string;
  user: string;
}

/** DOMAIN\user in its two parts; null for anything else (no backslash, or more than one). */
export function splitWindowsAccount(value: string): WindowsAccount | null {
  const [domain, user, ...rest] = value.trim().split('\\');
  return domain && user && rest.length === 0 ? { domain, user } : null;
}

/** Why `value` cannot be the user part of DOMAIN\user, or null. */
export function accountNameProblem(value: string): string | null {
  const problem = singleLineProblem(value);
  if (problem !== null) return problem;
  if (/[\\/@]/u.test(value)) return 'enter the user name alone; the domain has its own box';
  const forbidden = ACCOUNT_FORBIDDEN.exec(value);
  if (forbidden) return `a Windows user name cannot hold ${forbidden[0]} (nor any of " [ ] : ; | = , + * ? < >)`;
  if (value.length > ACCOUNT_NAME_MAX) {
    return `a Windows user name (the pre-Windows 2000 logon name) has at most ${ACCOUNT_NAME_MAX} characters`;
  }
  return null;
}
