import type { SqlParam } from '../../../src/main/knowledge/sql/statement';
import type { ParsedStatement, ParseResult } from './scriptdom';

/**
 * A statement built from hostile values against the same statement built from benign ones: the
 * same batches, the same statement types all the way down, the same tree, and in it each benign
 * value replaced by exactly the hostile one, wherever it is: a literal, an identifier, a bound
 * parameter. Anything else is a problem, named in words a failing test can print.
 */

/** The benign value at each position, and what was put there instead. */
export interface Substitution {
  benign: readonly string[];
  actual: readonly string[];
}

export function substitute(value: string, substitution: Substitution): string {
  const index = substitution.benign.indexOf(value);
  return index < 0 ? value : (substitution.actual[index] ?? value);
}

/** Statement types, batch by batch, each with the types nested in it: the shape no value may change. */
export function shapeOf(result: ParseResult): string {
  return JSON.stringify(
    result.batches.map((batch) => batch.statements.map((statement) => statement.statements.join('>'))),
  );
}

function valuesOf(statement: ParsedStatement, substitution?: Substitution) {
  const value = (text: string) => (substitution ? substitute(text, substitution) : text);
  return {
    strings: statement.strings.map((literal) => ({ value: value(literal.value), national: literal.national })),
    identifiers: statement.identifiers.map((identifier) => ({
      value: value(identifier.value),
      quote: identifier.quote,
    })),
    variables: statement.variables,
    parameters: statement.parameters,
  };
}

const show = (value: unknown) => {
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/** What differs between the parse of the hostile statement and the benign one with the values substituted. */
export function treeProblems(benign: ParseResult, actual: ParseResult, substitution: Substitution): string[] {
  const problems = actual.errors.map(
    (error) =>
      `TSql${actual.parser}Parser: error ${error.number} at line ${error.line}, column ${error.column}: ${error.message}`,
  );
  if (problems.length > 0) return problems;
  if (shapeOf(actual) !== shapeOf(benign)) {
    return [`TSql${actual.parser}Parser: the statements are ${shapeOf(actual)}, not ${shapeOf(benign)}`];
  }
  const expected = benign.batches.flatMap((batch) => batch.statements.map((s) => valuesOf(s, substitution)));
  const found = actual.batches.flatMap((batch) => batch.statements.map((s) => valuesOf(s)));
  expected.forEach((values, index) => {
    const got = found[index];
    for (const key of ['strings', 'identifiers', 'variables', 'parameters'] as const) {
      if (JSON.stringify(got?.[key]) !== JSON.stringify(values[key])) {
        problems.push(
          `TSql${actual.parser}Parser, statement ${index + 1}: ${key} ${show(got?.[key])}, expected ${show(values[key])}`,
        );
      }
    }
  });
  return problems;
}

/** The bound parameters must be the benign ones, each holding exactly the value put in its place. */
export function paramProblems(
  benign: readonly SqlParam[],
  actual: readonly SqlParam[],
  substitution: Substitution,
): string[] {
  const expected = benign.map((param) => ({
    ...param,
    value: typeof param.value === 'string' ? substitute(param.value, substitution) : param.value,
  }));
  return JSON.stringify(actual) === JSON.stringify(expected)
    ? []
    : [`parameters ${show(actual)}, expected ${show(expected)}`];
}

/**
 * Every variable the text reads is a bound parameter or declared in it, and every parameter is
 * read: a value bound but never used, or a variable nobody binds, is a builder's mistake.
 */
export function bindingProblems(result: ParseResult, params: readonly SqlParam[]): string[] {
  const statements = result.batches.flatMap((batch) => batch.statements);
  const declared = new Set(statements.flatMap((statement) => statement.declared.map((d) => d.name.toLowerCase())));
  const bound = new Set(params.map((param) => `@${param.name}`.toLowerCase()));
  const read = new Set(statements.flatMap((statement) => statement.variables.map((name) => name.toLowerCase())));
  const problems: string[] = [];
  for (const name of read) {
    if (!bound.has(name) && !declared.has(name)) problems.push(`${name} is read but neither bound nor declared`);
  }
  for (const name of bound) {
    if (!read.has(name)) problems.push(`${name} is bound but the text never reads it`);
  }
  return problems;
}
