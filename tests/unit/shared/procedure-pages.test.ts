import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { definePage, definePages, type ProcedureAnswers } from '../../../src/shared/procedure-pages';
import { checkAnswers, describeAnswerProblems } from '../../../src/shared/validation/answer-messages';
import { sampleManifest } from '../support/harness';

/** How one definition becomes a procedure's page schemas, answers' schema, secret fields and pages. */

const accountPage = definePage({
  id: 'account',
  title: 'Account',
  description: (manifest) => `An account of ${manifest.siteName}.`,
  fields: {
    server: {
      schema: z.string().min(1, 'choose a server'),
      label: 'Server',
      kind: 'select',
      options: (manifest) => manifest.servers.map((server) => ({ value: server.netbiosName, label: server.fqdn })),
    },
    seen: { display: true, label: 'What the site says' },
    user: { schema: z.string().min(1, 'enter the user'), label: 'User', kind: 'text' },
    password: { schema: z.string(), label: 'Password', kind: 'password' },
    token: { schema: z.string(), label: 'Token', kind: 'text', secret: true },
  },
  refine(answers, ctx) {
    if (answers.password.length < 4) ctx.addIssue({ code: 'custom', path: ['password'], message: 'too short' });
  },
});

const confirmPage = definePage({
  id: 'confirm',
  title: 'Confirm',
  description: 'Says yes.',
  fields: { sure: { schema: z.boolean(), label: 'Sure', kind: 'checkbox' } },
  /** Reads the first page's answer: the page's schema sees every answer so far. */
  refine(answers, ctx) {
    if (answers.user === 'admin' && !answers.sure) {
      ctx.addIssue({ code: 'custom', path: ['sure'], message: 'an administrator must be sure' });
    }
  },
  lookup: { id: 'check', inputs: ['user', 'sure'], required: false, pendingMessage: 'Checking…' },
});

const procedure = definePages([accountPage, confirmPage]);

const answers = { server: 'SCSM01', user: 'svc', password: 'long enough', token: 't', sure: false };

describe('definePages', () => {
  it('describes the pages as flow:describe sends them, parts of them read from the manifest', () => {
    const manifest = sampleManifest();
    const [account, confirm] = procedure.pages(manifest);
    expect(account?.description).toBe(`An account of ${manifest.siteName}.`);
    expect(account?.fields.map((field) => field.name)).toEqual(['server', 'seen', 'user', 'password', 'token']);
    expect(account?.fields[0]?.options).toEqual(
      manifest.servers.map((server) => ({ value: server.netbiosName, label: server.fqdn })),
    );
    expect(account?.fields[1]).toEqual({ name: 'seen', label: 'What the site says', kind: 'text', readOnly: true });
    expect(account?.fields[2]).toEqual({ name: 'user', label: 'User', kind: 'text' });
    expect(confirm?.lookup).toEqual({
      id: 'check',
      inputs: ['user', 'sure'],
      required: false,
      pendingMessage: 'Checking…',
    });
  });

  it('gives each page the schema of its own fields, and the procedure one of them all', () => {
    expect(Object.keys(procedure.pageSchemas.account.shape)).toEqual(['server', 'user', 'password', 'token']);
    expect(Object.keys(procedure.pageSchemas.confirm.shape)).toEqual(['sure']);
    const checked = checkAnswers(procedure.answers, { ...answers, seen: 'shown only' });
    // What a field only shows is no answer: the answers leave it out.
    expect(checked).toEqual({ ok: true, value: answers });
  });

  it('lists password fields and fields marked secret as secret, in page order', () => {
    expect(procedure.secretFields).toEqual(['password', 'token']);
  });

  it('applies a page rule on its page and on the whole answers, even one reading an earlier page', () => {
    const admin = { ...answers, user: 'admin' };
    expect(checkAnswers(procedure.pageSchemas.confirm, admin)).toEqual({
      ok: false,
      problems: [{ field: 'sure', message: 'an administrator must be sure' }],
    });
    expect(checkAnswers(procedure.answers, admin)).toEqual({
      ok: false,
      problems: [{ field: 'sure', message: 'an administrator must be sure' }],
    });
    expect(checkAnswers(procedure.pageSchemas.account, { ...answers, password: 'abc' })).toEqual({
      ok: false,
      problems: [{ field: 'password', message: 'too short' }],
    });
  });

  it('types the answers by the fields, and leaves what a field only shows out of them', () => {
    expectTypeOf<ProcedureAnswers<typeof procedure.definitions>>().toEqualTypeOf<
      { server: string; user: string; password: string; token: string } & { sure: boolean }
    >();
  });

  it('cannot define a field without its schema', () => {
    const page = definePage({
      id: 'broken',
      title: 'Broken',
      description: 'A field without a schema.',
      fields: {
        // @ts-expect-error A field the operator answers has its schema beside its label.
        name: { label: 'Name', kind: 'text' },
      },
    });
    expect(() => definePages([page])).toThrow('The field name of the page broken has no schema.');
  });

  it('refuses one answer on two pages and two pages with one id, either of which would lose a schema', () => {
    const twice = definePage({
      id: 'again',
      title: 'Again',
      description: 'The user again.',
      fields: { user: { schema: z.string(), label: 'User', kind: 'text' } },
    });
    expect(() => definePages([accountPage, twice])).toThrow('The field user is on two pages; the second is again.');
    expect(() => definePages([confirmPage, confirmPage])).toThrow('Two pages are called confirm.');
  });
});

describe('repeated fields', () => {
  const boxes = definePage({
    id: 'boxes',
    title: 'Boxes',
    description: 'One box per server.',
    fields: { note: { schema: z.string(), label: 'Note', kind: 'text' } },
    repeated: {
      fields: (manifest) =>
        manifest.servers.map((server) => ({
          name: `box:${server.netbiosName}`,
          label: server.netbiosName,
          kind: 'checkbox',
        })),
      schemaOf: (name) => (name.startsWith('box:') ? z.boolean() : undefined),
    },
  });
  const repeating = definePages([boxes]);

  it('come after the page’s own fields, as the manifest gives them', () => {
    const manifest = sampleManifest();
    expect(repeating.pages(manifest)[0]?.fields.map((field) => field.name)).toEqual([
      'note',
      ...manifest.servers.map((server) => `box:${server.netbiosName}`),
    ]);
  });

  it('are checked with their schema, refused in the operator’s words under their own name', () => {
    const wrong = { note: '', 'box:SCSM01': 'yes' };
    const refusal = { ok: false, problems: [{ field: 'box:SCSM01', message: 'tick or clear the box' }] };
    expect(checkAnswers(repeating.pageSchemas.boxes, wrong)).toEqual(refusal);
    expect(checkAnswers(repeating.answers, wrong)).toEqual(refusal);
    if (refusal.ok) return;
    expect(describeAnswerProblems(refusal.problems, () => 'SCSM01')).toBe(
      'These answers cannot be used. SCSM01: tick or clear the box.',
    );
  });

  it('stay in the answers by name, where a procedure without them drops what it does not know', () => {
    expect(checkAnswers(repeating.answers, { note: '', 'box:SCSM01': true })).toEqual({
      ok: true,
      value: { note: '', 'box:SCSM01': true },
    });
    expect(checkAnswers(procedure.answers, { ...answers, 'box:SCSM01': true })).toEqual({ ok: true, value: answers });
  });
});
