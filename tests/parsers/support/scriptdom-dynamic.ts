import type { Expression, ParsedStatement } from './scriptdom';

/**
 * Where T-SQL takes an identifier only (ALTER DATABASE, DROP DATABASE, DBCC), the wizard's
 * statement builds the statement on the server: DECLARE @sql = N'...' + QUOTENAME(@database) + ...;
 * EXEC (@sql). ScriptDom sees only the outer batch, so the tests evaluate the initializer as SQL
 * Server would, with the bound values, and parse what EXEC would run.
 */

/** What the server reports about the database while the statement runs (DATABASEPROPERTYEX 'Status'). */
export type DatabaseStatus = 'ONLINE' | 'RESTORING' | null;

export const DATABASE_STATUSES: readonly DatabaseStatus[] = ['ONLINE', 'RESTORING', null];

/** QUOTENAME as documented: brackets, `]` doubled, and NULL for more than 128 characters. */
export function quoteName(value: string): string | null {
  return value.length > 128 ? null : `[${value.replaceAll(']', ']]')}]`;
}

function evaluate(
  expression: Expression | null,
  variables: ReadonlyMap<string, string | null>,
  status: DatabaseStatus,
): string | null {
  if (expression === null) return null;
  switch (expression.kind) {
    case 'string':
    case 'integer':
      return expression.value;
    case 'variable': {
      const name = expression.name.toLowerCase();
      if (!variables.has(name)) throw new Error(`${expression.name} is neither bound nor declared`);
      return variables.get(name) ?? null;
    }
    case 'binary': {
      if (expression.operator !== 'Add') throw new Error(`cannot evaluate the operator ${expression.operator}`);
      // CONCAT_NULL_YIELDS_NULL is always on in the versions the wizard supports.
      const left = evaluate(expression.left, variables, status);
      const right = evaluate(expression.right, variables, status);
      return left === null || right === null ? null : left + right;
    }
    case 'call': {
      const name = expression.name.toUpperCase();
      const values = expression.arguments.map((argument) => evaluate(argument, variables, status));
      if (name === 'QUOTENAME' && values.length === 1) return values[0] === null ? null : quoteName(values[0] ?? '');
      if (name === 'DATABASEPROPERTYEX' && values[1]?.toUpperCase() === 'STATUS') return status;
      throw new Error(`cannot evaluate ${expression.name}(${values.length} arguments)`);
    }
    case 'case': {
      for (const when of expression.when) {
        if (!when.condition || when.condition.operator !== 'Equals') throw new Error('cannot evaluate this WHEN');
        const left = evaluate(when.condition.left, variables, status);
        const right = evaluate(when.condition.right, variables, status);
        // The server's default collation compares without case.
        if (left !== null && right !== null && left.toUpperCase() === right.toUpperCase()) {
          return evaluate(when.then, variables, status);
        }
      }
      return evaluate(expression.else, variables, status);
    }
    default:
      throw new Error(`cannot evaluate a ${expression.type}`);
  }
}

/**
 * The text each `EXEC (...)` of the statements would run, given the bound values (by name, with
 * their @) and the database's status; null where that text is NULL, so nothing runs.
 */
export function executedTexts(
  statements: readonly ParsedStatement[],
  bound: ReadonlyMap<string, string>,
  status: DatabaseStatus,
): (string | null)[] {
  const variables = new Map<string, string | null>([...bound].map(([name, value]) => [name.toLowerCase(), value]));
  const executed: (string | null)[] = [];
  for (const statement of statements) {
    for (const declaration of statement.declared) {
      variables.set(declaration.name.toLowerCase(), evaluate(declaration.value, variables, status));
    }
    for (const parts of statement.executes) {
      const values = parts.map((part) => evaluate(part, variables, status));
      executed.push(values.some((value) => value === null) ? null : values.join(''));
    }
  }
  return executed;
}
