import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { AnyFlowDefinition } from '../../../../src/main/engine/flow-types';
import { allFlows } from '../../../../src/main/procedures';
import { promoteManagementServerFlow } from '../../../../src/main/procedures/promote-management-server/procedure';
import {
  restoreDataWarehouseServerFlow,
  restoreManagementServerFlow,
} from '../../../../src/main/procedures/management-server-setup/procedure';
import type { SiteManifest } from '../../../../src/shared/manifest';
import {
  definePage,
  definePages,
  isDisplayField,
  type AnyProcedurePages,
} from '../../../../src/shared/procedure-pages';
import { procedurePages } from '../../../../src/shared/procedures';
import { flowIdSchema, type FlowId } from '../../../../src/shared/run-contract';
import { checkAnswers } from '../../../../src/shared/validation/answer-messages';
import { validatePage } from '../../../../src/renderer/src/store/page-rules';
import { createHarness, sampleManifest } from '../../support/harness';
import { baseAnswers } from '../../support/ordinary-answers';

/**
 * Every page of every procedure against the schemas the renderer validates it with and main
 * checks the answers with: what `flow:describe` sends and what the schemas know must be the same
 * fields, or a page would go unchecked.
 */

/** Why `flow`'s pages and `procedure`'s schemas disagree; none when they are one definition. */
function disagreements(flow: AnyFlowDefinition, procedure: AnyProcedurePages, manifest: SiteManifest): string[] {
  const problems: string[] = [];
  const pages = flow.pages(manifest);
  const fields = pages.flatMap((page) => page.fields);
  const names = new Set(fields.map((field) => field.name));
  const schemaKeys = new Set<string>();
  for (const page of pages) {
    const schema = procedure.pageSchemas[page.id];
    const definition = procedure.definitions.find((candidate) => candidate.id === page.id);
    if (!schema || !definition) {
      problems.push(`page ${page.id} has no schema`);
      continue;
    }
    const keys = Object.keys(schema.shape);
    keys.forEach((key) => schemaKeys.add(key));
    const schemaOf = (name: string): z.ZodType | undefined =>
      keys.includes(name) ? (schema.shape[name] as z.ZodType) : definition.repeated?.schemaOf(name);
    const displayed = (name: string) => {
      const field = definition.fields[name];
      return field !== undefined && isDisplayField(field);
    };
    for (const field of page.fields) {
      if (displayed(field.name)) {
        if (!field.readOnly) problems.push(`${page.id}: ${field.name} only shows something, yet can be typed in`);
      } else if (schemaOf(field.name) === undefined) {
        problems.push(`${page.id}: the field ${field.name} has no schema`);
      }
      problems.push(...choiceProblems(page.id, field.name, field.options, schemaOf(field.name)));
      const conditions = field.visibleWhen === undefined ? [] : [field.visibleWhen].flat();
      for (const condition of conditions) {
        if (!names.has(condition.field))
          problems.push(`${page.id}: ${field.name} shows by ${condition.field}, no field`);
      }
    }
    for (const key of keys) {
      if (!page.fields.some((field) => field.name === key))
        problems.push(`${page.id}: ${key} has a schema but no field`);
    }
    if (page.lookup) {
      if (!flow.lookups?.[page.lookup.id]) problems.push(`${page.id}: no lookup ${page.lookup.id} in main`);
      for (const input of page.lookup.inputs) {
        if (!names.has(input)) problems.push(`${page.id}: the lookup reads ${input}, which no field answers`);
      }
    }
  }
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field.name)) problems.push(`${field.name} is on two pages`);
    seen.add(field.name);
  }
  const secret = fields
    .filter((field) => field.kind === 'password' || field.secret === true)
    .map((field) => field.name);
  for (const name of flow.secretFields) {
    if (!secret.includes(name)) problems.push(`secret field ${name} is neither a password nor marked secret`);
  }
  for (const name of secret) {
    if (!flow.secretFields.includes(name)) problems.push(`${name} is a password or marked secret, not a secret field`);
  }
  const answerKeys = flow.answers instanceof z.ZodObject ? Object.keys(flow.answers.shape) : [];
  if ([...answerKeys].sort().join() !== [...schemaKeys].sort().join()) {
    problems.push(
      `the answers' schema knows ${answerKeys.join(', ')}; the pages' schemas ${[...schemaKeys].join(', ')}`,
    );
  }
  return problems;
}

/** Every choice a select offers passes its schema, and a schema of a few values offers each of them. */
function choiceProblems(
  pageId: string,
  name: string,
  options: readonly { value: string }[] | undefined,
  schema: z.ZodType | undefined,
): string[] {
  if (!options || !schema) return [];
  const problems = options
    .filter((option) => !schema.safeParse(option.value).success)
    .map((option) => `${pageId}: ${name} offers ${option.value}, which its schema refuses`);
  const values = schema instanceof z.ZodEnum ? schema.options : schema instanceof z.ZodLiteral ? schema.values : null;
  for (const value of values ?? []) {
    if (!options.some((option) => option.value === value))
      problems.push(`${pageId}: ${name} does not offer ${String(value)}`);
  }
  return problems;
}

describe('every procedure’s pages and schemas', () => {
  it('names each procedure once, as the renderer’s map of schemas does', () => {
    expect(allFlows.map((flow) => flow.id).sort()).toEqual([...flowIdSchema.options].sort());
    expect(Object.keys(procedurePages).sort()).toEqual([...flowIdSchema.options].sort());
    // Typed by FlowId, so that a procedure left out of the map does not compile.
    expectTypeOf(procedurePages).toEqualTypeOf<{ readonly [Id in FlowId]: AnyProcedurePages }>();
  });

  for (const flow of allFlows) {
    it(`${flow.id}: every page has its schema, with exactly the page’s fields`, () => {
      expect(disagreements(flow, procedurePages[flow.id], sampleManifest())).toEqual([]);
    });

    it(`${flow.id}: the drill’s answers pass every page, as the renderer checks it, and the answers’ schema`, async () => {
      const harness = createHarness();
      const answers = await baseAnswers(harness, flow);
      expect(checkAnswers(flow.answers, answers)).toMatchObject({ ok: true });
      for (const page of flow.pages(harness.ctx().manifest)) {
        expect(validatePage(flow.id, page, answers), page.id).toEqual({});
      }
    });
  }
});

describe('a page that disagrees with its schema is found', () => {
  const manifest = sampleManifest();

  it('pages wired to another procedure’s schemas', () => {
    const crossed = { ...restoreManagementServerFlow, pages: restoreDataWarehouseServerFlow.pages };
    const found = disagreements(crossed, procedurePages['restore-management-server'], manifest);
    expect(found).toContain('page reporting-server has no schema');
    expect(found).toContain('page reporting-account has no schema');
    expect(found).toContain('service-account: workflowSameAccount has a schema but no field');
  });

  it('a repeated field its page has no schema for, a choice its schema refuses, a visibility and a lookup input naming nothing', () => {
    const broken = definePages([
      definePage({
        id: 'boxes',
        title: 'Boxes',
        description: 'One box per server.',
        fields: {
          mode: {
            schema: z.enum(['one', 'all']),
            label: 'Mode',
            kind: 'select',
            options: [
              { value: 'one', label: 'One' },
              { value: 'some', label: 'Some' },
            ],
          },
        },
        repeated: {
          fields: () => [
            { name: 'box:A', label: 'A', kind: 'checkbox', visibleWhen: { field: 'modes', equals: 'one' } },
            { name: 'bx:B', label: 'B', kind: 'checkbox' },
          ],
          schemaOf: (name) => (name.startsWith('box:') ? z.boolean() : undefined),
        },
        lookup: { id: 'check', inputs: ['mode', 'box:C'], required: false, pendingMessage: 'Checking…' },
      }),
    ]);
    const flow = { ...promoteManagementServerFlow, ...broken, lookups: {} };
    expect(disagreements(flow, broken, manifest).sort()).toEqual(
      [
        'boxes: box:A shows by modes, no field',
        'boxes: mode does not offer all',
        'boxes: mode offers some, which its schema refuses',
        'boxes: no lookup check in main',
        'boxes: the field bx:B has no schema',
        'boxes: the lookup reads box:C, which no field answers',
      ].sort(),
    );
  });

  it('secret fields that are not what the pages mark secret, and answers checked by another schema', () => {
    const pages = procedurePages['promote-management-server'];
    const flow = {
      ...promoteManagementServerFlow,
      secretFields: ['server'],
      answers: z.object({ server: z.string() }),
    };
    expect(disagreements(flow, pages, manifest)).toEqual([
      'secret field server is neither a password nor marked secret',
      "the answers' schema knows server; the pages' schemas server, sqlServer, database",
    ]);
    const typed = { ...flow, secretFields: [], answers: promoteManagementServerFlow.answers };
    const withPassword = {
      ...typed,
      pages: (site: SiteManifest) =>
        typed.pages(site).map((page) => ({
          ...page,
          fields: page.fields.map((field) =>
            field.name === 'database' ? { ...field, kind: 'password' as const } : field,
          ),
        })),
    };
    expect(disagreements(withPassword, pages, manifest)).toEqual([
      'database is a password or marked secret, not a secret field',
    ]);
  });
});
