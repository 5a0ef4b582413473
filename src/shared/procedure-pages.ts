import { z } from 'zod';
import type { ManifestServer, SiteManifest } from './manifest';
import type { FieldDescriptor, FieldOption, PageDescriptor, PageLookup } from './run-contract';

/**
 * A procedure's pages, each defined once: what the operator sees (the page's title and
 * description, each field's label, kind, choices, help and visibility, the lookup) next to the
 * schema each answer must pass. From the definitions come the schema of each page (the renderer
 * checks a page with it as the operator types), the schema of all the answers (the run manager
 * checks them with it before planning), the secret fields, and the pages `flow:describe` sends:
 * a page and its schema cannot disagree, because neither is written without the other.
 */

/** What names the site's servers or databases: built from the manifest when the pages are described. */
export type FromManifest<T> = T | ((manifest: SiteManifest) => T);

type Shown = Omit<FieldDescriptor, 'name' | 'options'>;

/** A field the operator answers, with the schema its answer must pass. */
export interface AnswerField<S extends z.ZodType = z.ZodType> extends Shown {
  schema: S;
  options?: FromManifest<FieldOption[]>;
  display?: never;
}

/**
 * A field that only shows what the site said (the defaults fill it). It answers nothing, so it
 * has no schema and the answers leave it out.
 */
export interface DisplayField extends Omit<Shown, 'kind' | 'readOnly' | 'secret'> {
  display: true;
  schema?: never;
}

export type PageFields = Record<string, AnswerField | DisplayField>;

/**
 * Fields the manifest multiplies (a box per database, say), after the page's own. Their answers
 * stay in the record under the names the fields give; `schemaOf` says what each must be.
 */
export interface RepeatedFields {
  fields(manifest: SiteManifest): FieldDescriptor[];
  /** The schema of one of these answers by its name, or undefined for a name that is not one of them. */
  schemaOf(name: string): z.ZodType | undefined;
}

/** The schemas of a page's answer fields by name; any field at all when the names are not known. */
type AnswerShape<F extends PageFields> = string extends keyof F
  ? Record<string, z.ZodType>
  : {
      [K in keyof F as F[K] extends AnswerField ? K : never]: F[K] extends AnswerField<infer S extends z.ZodType>
        ? S
        : never;
    };

/** The answers of one page, as its schema gives them; nothing for a page that only shows or reads something. */
export type PageAnswers<F extends PageFields> = [keyof AnswerShape<F>] extends [never]
  ? unknown
  : z.output<z.ZodObject<AnswerShape<F>>>;

export interface PageDefinition<F extends PageFields = PageFields, Id extends string = string> {
  id: Id;
  title: string;
  description: FromManifest<string>;
  /** In the order the page shows them. */
  fields: F;
  repeated?: RepeatedFields;
  /**
   * A rule across the page's fields, or one that reads an earlier page's answer: the page's
   * schema sees every answer so far, and the answers' schema sees them all.
   */
  refine?(answers: PageAnswers<F> & Record<string, unknown>, ctx: z.RefinementCtx): void;
  lookup?: FromManifest<PageLookup>;
}

/** The schema of one page: its fields, any other answer passing through for its rule to read. */
export type PageSchema<F extends PageFields = PageFields> = z.ZodObject<AnswerShape<F>, z.core.$loose>;

/** Keeps the page's field names and page id as written, so the answers and page schemas are typed by them. */
export function definePage<const Id extends string, F extends PageFields>(
  page: PageDefinition<F, Id> & { repeated: RepeatedFields },
): PageDefinition<F, Id> & { repeated: RepeatedFields };
export function definePage<const Id extends string, F extends PageFields>(
  page: PageDefinition<F, Id>,
): PageDefinition<F, Id>;
export function definePage(page: PageDefinition): PageDefinition {
  return page;
}

/** The answers of every page at once; a page without answers adds none. */
type AllAnswers<P extends readonly PageDefinition[]> = P extends readonly [
  infer First extends PageDefinition,
  ...infer Rest extends readonly PageDefinition[],
]
  ? PageAnswers<FieldsOf<First>> & AllAnswers<Rest>
  : unknown;

type FieldsOf<D> = D extends PageDefinition<infer F, string> ? F : never;

/** Every answer of a procedure; where pages repeat fields, their answers stay in the record by name. */
export type ProcedureAnswers<P extends readonly PageDefinition[]> = AllAnswers<P> &
  ([Extract<P[number], { repeated: RepeatedFields }>] extends [never] ? unknown : Record<string, string | boolean>);

export interface ProcedurePages<P extends readonly PageDefinition[] = readonly PageDefinition[]> {
  readonly definitions: P;
  /** Each page's schema by its id. */
  readonly pageSchemas: { readonly [D in P[number] as D['id']]: PageSchema<FieldsOf<D>> };
  readonly answers: z.ZodType<ProcedureAnswers<P>>;
  /** Password fields and fields marked secret, in page order: never journaled, logged or planned. */
  readonly secretFields: readonly string[];
  /** The pages as `flow:describe` sends them, for this site's manifest. */
  pages(manifest: SiteManifest): PageDescriptor[];
}

/** Any procedure's pages, its answers' type erased: what the renderer's map of schemas holds. */
export type AnyProcedurePages = ProcedurePages;

/** The page schemas, the answers' schema, the secret fields and the descriptors of a procedure's pages, in order. */
export function definePages<const P extends readonly PageDefinition[]>(definitions: P): ProcedurePages<P> {
  refuseBrokenDefinitions(definitions);
  const pageSchemas: Record<string, PageSchema> = {};
  for (const page of definitions) pageSchemas[page.id] = pageSchemaOf(page);
  return {
    definitions,
    pageSchemas: pageSchemas as ProcedurePages<P>['pageSchemas'],
    answers: answersSchemaOf(definitions) as z.ZodType<ProcedureAnswers<P>>,
    secretFields: definitions.flatMap((page) =>
      Object.entries(page.fields).flatMap(([name, field]) => (isSecret(field) ? [name] : [])),
    ),
    pages: (manifest) => definitions.map((page) => describePage(page, manifest)),
  };
}

/** The choices of a field naming servers of the manifest: the NetBIOS name, with the FQDN beside it. */
export function serverChoices(servers: readonly ManifestServer[]): FieldOption[] {
  return servers.map((server) => ({ value: server.netbiosName, label: server.netbiosName, detail: server.fqdn }));
}

export function isDisplayField(field: AnswerField | DisplayField): field is DisplayField {
  return field.display === true;
}

function isSecret(field: AnswerField | DisplayField): boolean {
  return !isDisplayField(field) && (field.kind === 'password' || field.secret === true);
}

/**
 * What the types cannot stop: two pages with one id, or one answer on two pages, would leave one
 * of them without its schema; so would a field that has none (written past the types, in a test
 * or through a cast).
 */
function refuseBrokenDefinitions(definitions: readonly PageDefinition[]): void {
  const pageIds = new Set<string>();
  const names = new Set<string>();
  for (const page of definitions) {
    if (pageIds.has(page.id)) throw new Error(`Two pages are called ${page.id}.`);
    pageIds.add(page.id);
    for (const [name, field] of Object.entries(page.fields)) {
      if (names.has(name)) throw new Error(`The field ${name} is on two pages; the second is ${page.id}.`);
      names.add(name);
      if (!isDisplayField(field) && !(field.schema instanceof z.ZodType)) {
        throw new Error(`The field ${name} of the page ${page.id} has no schema.`);
      }
    }
  }
}

function answerShape(page: PageDefinition): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(page.fields)) {
    if (!isDisplayField(field)) shape[name] = field.schema;
  }
  return shape;
}

function pageSchemaOf(page: PageDefinition): PageSchema {
  let schema = z.looseObject(answerShape(page));
  if (page.repeated) schema = schema.superRefine(repeatedRule(page.repeated));
  const rule = page.refine;
  if (rule) schema = schema.superRefine((answers, ctx) => rule(answers, ctx));
  return schema;
}

function answersSchemaOf(definitions: readonly PageDefinition[]): z.ZodType {
  const shape = Object.assign({}, ...definitions.map(answerShape)) as Record<string, z.ZodType>;
  const repeats = definitions.some((page) => page.repeated !== undefined);
  let schema = repeats ? z.object(shape).catchall(z.union([z.string(), z.boolean()])) : z.object(shape);
  for (const page of definitions) {
    if (page.repeated) schema = schema.superRefine(repeatedRule(page.repeated));
    const rule = page.refine;
    if (rule) schema = schema.superRefine((answers, ctx) => rule(answers, ctx));
  }
  return schema;
}

/**
 * Checks each repeated answer with its schema. The issues go on without their messages, so the
 * words they get are the ones the whole parse is given (answer-messages.ts), as for any field.
 */
function repeatedRule(repeated: RepeatedFields) {
  return (answers: Record<string, unknown>, ctx: z.RefinementCtx) => {
    for (const [name, value] of Object.entries(answers)) {
      const parsed = repeated.schemaOf(name)?.safeParse(value, { reportInput: true });
      if (!parsed || parsed.success) continue;
      for (const { message: _message, path, ...issue } of parsed.error.issues) {
        ctx.addIssue({ ...issue, path: [name, ...path] } as z.core.$ZodRawIssue);
      }
    }
  };
}

function fromManifest<T>(value: FromManifest<T>, manifest: SiteManifest): T {
  return typeof value === 'function' ? (value as (manifest: SiteManifest) => T)(manifest) : value;
}

function describeField(name: string, field: AnswerField | DisplayField, manifest: SiteManifest): FieldDescriptor {
  if (isDisplayField(field)) {
    const { display: _display, ...shown } = field;
    return { name, ...shown, kind: 'text', readOnly: true };
  }
  const { schema: _schema, options, ...shown } = field;
  return { name, ...shown, ...(options === undefined ? {} : { options: fromManifest(options, manifest) }) };
}

function describePage(page: PageDefinition, manifest: SiteManifest): PageDescriptor {
  return {
    id: page.id,
    title: page.title,
    description: fromManifest(page.description, manifest),
    fields: [
      ...Object.entries(page.fields).map(([name, field]) => describeField(name, field, manifest)),
      ...(page.repeated?.fields(manifest) ?? []),
    ],
    ...(page.lookup === undefined ? {} : { lookup: fromManifest(page.lookup, manifest) }),
  };
}
