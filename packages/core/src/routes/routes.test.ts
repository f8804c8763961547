import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { conditionProblem, matches, type RequestFacts } from './conditions.ts';
import { RouteSchema, RoutesSettingSchema } from './route-schema.ts';

const facts = (metadata: RequestFacts['metadata'], body: RequestFacts['body'] = {}, headers: Record<string, string> = {}): RequestFacts => ({ metadata, body, headers: new Headers(headers) });

const model = (id: string, provider: string, name: string, fallback?: string) => ({
  id, type: 'model', properties: { provider, model: name }, outputs: { success: { elementId: 'end' }, ...(fallback ? { fallback: { elementId: fallback } } : {}) },
});
const start = (next: string) => ({ id: 'start', type: 'start', outputs: { next: { elementId: next } } });
const end = { id: 'end', type: 'end', outputs: {} };

const problem = (route: unknown) => {
  const r = v.safeParse(RouteSchema, route);
  return r.success ? undefined : v.summarize(r.issues);
};

describe('route conditions', () => {
  it('compares metadata, body paths and headers with equality and operators', () => {
    const f = facts({ plan: 'pro', seats: 12 }, { temperature: 0.2, messages: [{ role: 'user' }] }, { 'x-region': 'eu' });
    expect(matches({ 'metadata.plan': 'pro' }, f)).toBe(true);
    expect(matches({ plan: { $in: ['team', 'pro'] }, 'metadata.seats': { $gte: 10, $lt: 20 } }, f)).toBe(true);
    expect(matches({ 'metadata.seats': { $gt: 12 } }, f)).toBe(false);
    expect(matches({ 'body.temperature': { $lte: 0.5 }, 'body.messages.0.role': 'user' }, f)).toBe(true);
    expect(matches({ 'headers.x-region': { $ne: 'us' } }, f)).toBe(true);
    expect(matches({ 'metadata.missing': { $exists: false }, 'metadata.plan': { $exists: true } }, f)).toBe(true);
    expect(matches({ $or: [{ 'metadata.plan': 'free' }, { 'headers.x-region': 'eu' }] }, f)).toBe(true);
    expect(matches({ $and: [{ 'metadata.plan': 'pro' }, { 'metadata.seats': { $nin: [12] } }] }, f)).toBe(false);
    // A number never equals its string, and comparisons need the same type.
    expect(matches({ 'metadata.seats': '12' }, f)).toBe(false);
    expect(matches({ 'metadata.plan': { $gt: 5 } }, f)).toBe(false);
    // No metadata at all: fields are absent (null matches absent, as in MongoDB).
    expect(matches({ 'metadata.plan': null }, facts(undefined))).toBe(true);
  });

  it('names what is wrong with a condition', () => {
    expect(conditionProblem({ 'metadata.plan': { $regex: 'x' } })).toMatch(/unknown operator '\$regex'/);
    expect(conditionProblem({ $or: [] })).toMatch(/non-empty list/);
    expect(conditionProblem({ 'metadata.plan': { $in: 'pro' } })).toMatch(/\$in takes a list/);
    expect(conditionProblem({ 'metadata.plan': { nested: 1 } })).toMatch(/compare with a string/);
    expect(conditionProblem({ $where: 'x' })).toMatch(/unknown operator/);
    expect(conditionProblem({ 'metadata.plan': { $eq: 'pro' }, $and: [{ 'body.x': 1 }] })).toBeUndefined();
  });
});

describe('route schema', () => {
  it("accepts Cloudflare's element shapes", () => {
    const route = {
      name: 'support',
      elements: [
        start('cond'),
        { id: 'cond', type: 'conditional', properties: { conditions: { 'metadata.plan': { $eq: 'free' } } }, outputs: { true: { elementId: 'rl' }, false: { elementId: 'split' } } },
        { id: 'rl', type: 'rate', properties: { key: 'metadata.user', limit: 10, limitType: 'count', window: 3600 }, outputs: { success: { elementId: 'small' }, fallback: { elementId: 'end' } } },
        { id: 'split', type: 'percentage', outputs: { '12.5%': { elementId: 'big' }, else: { elementId: 'small' } } },
        model('big', 'openai', 'gpt-4o', 'small'),
        { ...model('small', 'openai', 'gpt-4o-mini'), properties: { provider: 'openai', model: 'gpt-4o-mini', retries: 2, timeout: 5000 } },
        end,
      ],
    };
    expect(problem(route)).toBeUndefined();
    expect(problem({ ...route, elements: route.elements.map((e) => (e.id === 'cond' ? { ...e, properties: { condition: { plan: 'free' } } } : e)) })).toBeUndefined();
  });

  it('refuses graphs that cannot run', () => {
    expect(problem({ name: 'x', elements: [start('m'), model('m', 'openai', 'a'), model('m', 'openai', 'b'), end] })).toMatch(/unique/);
    expect(problem({ name: 'x', elements: [model('m', 'openai', 'a'), end] })).toMatch(/exactly one start/);
    expect(problem({ name: 'x', elements: [start('nowhere'), end] })).toMatch(/'nowhere', which does not exist/);
    expect(problem({ name: 'x', elements: [start('a'), model('a', 'openai', 'a', 'b'), model('b', 'openai', 'b', 'a'), end] })).toMatch(/must not loop/);
    expect(problem({ name: 'x', elements: [start('a'), { ...model('a', 'openai', 'a'), outputs: { success: { elementId: 'b' } } }, model('b', 'openai', 'b'), end] })).toMatch(/success must lead to an end/);
    const split = (outputs: object) => ({ name: 'x', elements: [start('s'), { id: 's', type: 'percentage', outputs }, model('a', 'openai', 'a'), end] });
    expect(problem(split({ '60%': { elementId: 'a' }, '50%': { elementId: 'a' } }))).toMatch(/more than 100%/);
    expect(problem(split({ '60%': { elementId: 'a' } }))).toMatch(/"else" output takes the rest/);
    expect(problem(split({ half: { elementId: 'a' } }))).toMatch(/"N%" or "else"/);
    expect(problem(split({ '60%': { elementId: 'a' }, '40%': { elementId: 'a' } }))).toBeUndefined();
    expect(problem({ name: 'x', elements: [start('c'), { id: 'c', type: 'conditional', properties: { conditions: { p: { $regex: 'a' } } }, outputs: { true: { elementId: 'a' }, false: { elementId: 'a' } } }, model('a', 'openai', 'a'), end] })).toMatch(/conditional element 'c': 'p': unknown operator/);
    expect(problem({ name: 'bad name', elements: [start('a'), model('a', 'openai', 'a'), end] })).toMatch(/route names/);
    const one = { name: 'x', elements: [start('a'), model('a', 'openai', 'a'), end] };
    expect(v.safeParse(RoutesSettingSchema, [one, one]).success).toBe(false);
  });
});
