import * as v from 'valibot';
import { conditionProblem, type Condition } from './conditions.ts';

/*
 * Dynamic routes (SPEC §3.3 `dynamic/{route}`): a named graph of elements, in Cloudflare AI
 * Gateway's JSON shape (`{ id, name, elements }`, elements `start | conditional | percentage |
 * rate | model | end`), kept in the gateway's `routes` setting. docs/routes.md describes it.
 */

const ElementId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'element ids are 1-64 of A-Z a-z 0-9 _ . : -'));
const Link = v.strictObject({ elementId: ElementId });

const StartSchema = v.strictObject({ id: ElementId, type: v.literal('start'), outputs: v.strictObject({ next: Link }) });

const ConditionalSchema = v.strictObject({
  id: ElementId,
  type: v.literal('conditional'),
  // Cloudflare's docs show both spellings.
  properties: v.union([v.strictObject({ conditions: v.record(v.string(), v.unknown()) }), v.strictObject({ condition: v.record(v.string(), v.unknown()) })]),
  outputs: v.strictObject({ true: Link, false: Link }),
});

/** Outputs named `"N%"` (fractions allowed, at most 5) plus an optional `else` for the rest. */
const PercentageSchema = v.strictObject({
  id: ElementId,
  type: v.literal('percentage'),
  outputs: v.pipe(
    v.record(v.string(), Link),
    v.check((outputs) => Object.keys(outputs).every((k) => k === 'else' || PERCENT.test(k)), 'percentage outputs are named "N%" or "else"'),
    v.check((outputs) => Object.keys(outputs).filter((k) => k !== 'else').length <= 5, 'at most 5 percentage outputs besides "else"'),
    v.check((outputs) => percentages(outputs).reduce((sum, [p]) => sum + p, 0) <= 100 + 1e-9, 'percentages add up to more than 100%'),
    v.check((outputs) => 'else' in outputs || Math.abs(percentages(outputs).reduce((sum, [p]) => sum + p, 0) - 100) < 1e-9, 'percentages add up to 100%, or an "else" output takes the rest'),
  ),
});

/** A request (`count`) or spend (`cost`, USD) limit per `window` seconds, per value of `key`. */
const RateSchema = v.strictObject({
  id: ElementId,
  type: v.literal('rate'),
  properties: v.strictObject({
    key: v.pipe(v.string(), v.minLength(1), v.maxLength(140)),
    limit: v.pipe(v.number(), v.minValue(0)),
    limitType: v.picklist(['count', 'cost']),
    window: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(366 * 86400)),
  }),
  outputs: v.strictObject({ success: Link, fallback: Link }),
});

const ModelSchema = v.strictObject({
  id: ElementId,
  type: v.literal('model'),
  properties: v.strictObject({
    provider: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    model: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
    /** Retries after the first attempt (Cloudflare's field); the call makes `retries + 1` attempts at most (5). */
    retries: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4))),
    /** Milliseconds to the first byte of each attempt. */
    timeout: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3_600_000))),
  }),
  outputs: v.strictObject({ success: v.optional(Link), fallback: v.optional(Link) }),
});

const EndSchema = v.strictObject({ id: ElementId, type: v.literal('end'), outputs: v.optional(v.strictObject({})) });

const ElementSchema = v.variant('type', [StartSchema, ConditionalSchema, PercentageSchema, RateSchema, ModelSchema, EndSchema]);

export type RouteElement = v.InferOutput<typeof ElementSchema>;
export type ConditionalElement = v.InferOutput<typeof ConditionalSchema>;
export type ModelElement = v.InferOutput<typeof ModelSchema>;
export type RateElement = v.InferOutput<typeof RateSchema>;

const PERCENT = /^(\d{1,3}(\.\d+)?)%$/;

/** A percentage element's outputs as `[percent, elementId]`, in their order, `else` left out. */
export function percentages(outputs: Record<string, { elementId: string }>): [number, string][] {
  return Object.entries(outputs).flatMap(([k, link]) => {
    const m = PERCENT.exec(k);
    return m ? [[Number(m[1]), link.elementId] as [number, string]] : [];
  });
}

/** A conditional element's conditions, under either spelling. */
export const conditionsOf = (e: ConditionalElement): Condition => ('conditions' in e.properties ? e.properties.conditions : e.properties.condition);

/** Links an element sends requests on. */
export function linksOf(e: RouteElement): string[] {
  return Object.values((e.outputs ?? {}) as Record<string, { elementId: string } | undefined>).flatMap((l) => (l ? [l.elementId] : []));
}

/** Problems with a route's graph: one start, unique ids, links that exist, no cycle, a model's success ends. */
function graphProblems(elements: readonly RouteElement[]): string | undefined {
  const byId = new Map(elements.map((e) => [e.id, e]));
  if (byId.size !== elements.length) return 'element ids must be unique';
  const starts = elements.filter((e) => e.type === 'start');
  if (starts.length !== 1) return 'a route has exactly one start element';
  for (const e of elements) {
    for (const target of linksOf(e)) {
      const to = byId.get(target);
      if (!to) return `element '${e.id}' links to '${target}', which does not exist`;
      if (to.type === 'start') return `element '${e.id}' links back to the start`;
    }
    if (e.type === 'conditional') {
      const problem = conditionProblem(conditionsOf(e));
      if (problem) return `conditional element '${e.id}': ${problem}`;
    }
    if (e.type === 'model' && e.outputs.success && byId.get(e.outputs.success.elementId)?.type !== 'end') {
      return `model element '${e.id}': success must lead to an end element`;
    }
  }
  // Depth-first from every element: a link back to an element on the current path is a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'done') return false;
    if (state.get(id) === 'open') return true;
    state.set(id, 'open');
    const looped = linksOf(byId.get(id)!).some(visit);
    state.set(id, 'done');
    return looped;
  };
  if (elements.some((e) => visit(e.id))) return 'a route must not loop';
  return undefined;
}

export const RouteSchema = v.pipe(
  v.strictObject({
    /** Assigned by the admin API when absent. */
    id: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'route ids are 1-64 of A-Z a-z 0-9 _ -'))),
    /** What clients name: `model: "dynamic/{name}"`. */
    name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'route names are 1-64 of A-Z a-z 0-9 _ -')),
    elements: v.pipe(v.array(ElementSchema), v.minLength(2), v.maxLength(64)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = graphProblems(dataset.value.elements);
    if (problem) addIssue({ message: problem, path: [{ type: 'object', origin: 'value', input: dataset.value, key: 'elements', value: dataset.value.elements }] });
  }),
);

export type Route = v.InferOutput<typeof RouteSchema>;

/** The `routes` gateway setting: at most 32 routes with distinct names and ids. */
export const RoutesSettingSchema = v.pipe(
  v.array(RouteSchema),
  v.maxLength(32),
  v.check((routes) => new Set(routes.map((r) => r.name)).size === routes.length, 'route names must be unique'),
  v.check((routes) => {
    const ids = routes.flatMap((r) => (r.id ? [r.id] : []));
    return new Set(ids).size === ids.length;
  }, 'route ids must be unique'),
);
