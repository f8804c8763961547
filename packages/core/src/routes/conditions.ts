import type { Json } from '../providers/read.ts';
import type { MetadataValue } from '../pipeline/request-options.ts';

/**
 * The conditions of a dynamic route's conditional element: MongoDB-like, as Cloudflare's. Keys
 * name a request value: `metadata.<field>` (`cf-aig-metadata`), `body.<path>` (the JSON body,
 * dot-separated), `headers.<name>`; a bare key is a metadata field. A key maps to a value
 * (equality) or to operators: `$eq $ne $in $nin $gt $gte $lt $lte $exists`. `$and` / `$or` take
 * lists of conditions; keys side by side must all hold.
 *
 * @example
 * matches({ 'metadata.plan': { $in: ['pro', 'team'] }, 'body.temperature': { $lte: 1 } }, facts)
 */
export type Condition = Record<string, unknown>;

/** What conditions read from a request. */
export interface RequestFacts {
  metadata: Record<string, MetadataValue> | undefined;
  body: Json;
  headers: Headers;
}

const COMPARE = ['$gt', '$gte', '$lt', '$lte'] as const;
const OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$exists', ...COMPARE]);

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isOperatorObject = (x: unknown): x is Record<string, unknown> => isPlainObject(x) && Object.keys(x).length > 0 && Object.keys(x).every((k) => k.startsWith('$'));

/** Why `condition` cannot be evaluated, or undefined when it can (checked when a route is saved). */
export function conditionProblem(condition: unknown, depth = 0): string | undefined {
  if (depth > 8) return 'conditions nest more than 8 deep';
  if (!isPlainObject(condition)) return 'a condition is a JSON object';
  for (const [key, operand] of Object.entries(condition)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(operand) || operand.length === 0) return `${key} takes a non-empty list of conditions`;
      for (const c of operand) {
        const problem = conditionProblem(c, depth + 1);
        if (problem) return problem;
      }
      continue;
    }
    if (key.startsWith('$')) return `unknown operator '${key}' at the top of a condition`;
    if (!isOperatorObject(operand)) {
      if (isPlainObject(operand) || Array.isArray(operand)) return `'${key}': compare with a string, number, boolean or null, or use operators`;
      continue;
    }
    for (const [op, arg] of Object.entries(operand)) {
      if (!OPERATORS.has(op)) return `'${key}': unknown operator '${op}'`;
      if ((op === '$in' || op === '$nin') && !Array.isArray(arg)) return `'${key}': ${op} takes a list`;
      if (op === '$exists' && typeof arg !== 'boolean') return `'${key}': $exists takes true or false`;
      if ((COMPARE as readonly string[]).includes(op) && typeof arg !== 'number' && typeof arg !== 'string') return `'${key}': ${op} takes a number or a string`;
    }
  }
  return undefined;
}

/** The request value a key names; undefined when absent. */
export function lookup(key: string, facts: RequestFacts): unknown {
  const dot = key.indexOf('.');
  const head = dot === -1 ? '' : key.slice(0, dot);
  const rest = key.slice(dot + 1);
  if (head === 'headers') return facts.headers.get(rest) ?? undefined;
  if (head === 'body') {
    let value: unknown = facts.body;
    for (const part of rest.split('.')) value = isPlainObject(value) ? value[part] : Array.isArray(value) ? value[Number(part)] : undefined;
    return value;
  }
  return facts.metadata?.[head === 'metadata' ? rest : key];
}

const same = (a: unknown, b: unknown) => a === b || (a === undefined && b === null);

function compare(op: string, value: unknown, arg: unknown): boolean {
  if (typeof value !== typeof arg || (typeof value !== 'number' && typeof value !== 'string')) return false;
  const [a, b] = [value as number | string, arg as number | string];
  return op === '$gt' ? a > b : op === '$gte' ? a >= b : op === '$lt' ? a < b : a <= b;
}

function holds(op: string, value: unknown, arg: unknown): boolean {
  switch (op) {
    case '$eq':
      return same(value, arg);
    case '$ne':
      return !same(value, arg);
    case '$in':
      return (arg as unknown[]).some((a) => same(value, a));
    case '$nin':
      return !(arg as unknown[]).some((a) => same(value, a));
    case '$exists':
      return (value !== undefined) === arg;
    default:
      return compare(op, value, arg);
  }
}

/** Whether `condition` (already checked by `conditionProblem`) holds for the request. */
export function matches(condition: Condition, facts: RequestFacts): boolean {
  return Object.entries(condition).every(([key, operand]) => {
    if (key === '$and') return (operand as Condition[]).every((c) => matches(c, facts));
    if (key === '$or') return (operand as Condition[]).some((c) => matches(c, facts));
    const value = lookup(key, facts);
    if (!isOperatorObject(operand)) return same(value, operand);
    return Object.entries(operand).every(([op, arg]) => holds(op, value, arg));
  });
}
