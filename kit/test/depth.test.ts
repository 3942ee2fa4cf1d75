/**
 * Answers nested deeper than any record could be: refused before anything walks them (zod, Zapier's
 * output checks and serialiser all recurse, and overflow the stack on 100,000 nested arrays).
 */
import nock from 'nock';
import { record, records } from '../answers';
import { MAX_ANSWER_DEPTH, nestedDeeperThan } from '../depth';
import { callApi } from '../request';
import { examplePolicy, exampleApp, failureOf, ORIGIN, runCreate } from './example';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('nestedDeeperThan', () => {
  it('counts arrays and objects inside one another, up to the limit and one past it', () => {
    expect(nestedDeeperThan(nested(MAX_ANSWER_DEPTH))).toBe(false);
    expect(nestedDeeperThan(nested(MAX_ANSWER_DEPTH + 1))).toBe(true);
    const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    expect(nestedDeeperThan(objects(MAX_ANSWER_DEPTH))).toBe(false);
    expect(nestedDeeperThan(objects(MAX_ANSWER_DEPTH + 1))).toBe(true);
  });

  it('counts depth, not the number of brackets: a long flat list is not deep', () => {
    expect(nestedDeeperThan(JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ id: `r_${i}`, tags: [[i]] }))))).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes and backslashes included', () => {
    const text = JSON.stringify({ id: 'x', note: '['.repeat(1000), quoted: 'a "[[[" \\', slash: '\\', after: '{'.repeat(500) });
    expect(nestedDeeperThan(text)).toBe(false);
    expect(nestedDeeperThan(`{"a":"\\\\",${'['.repeat(MAX_ANSWER_DEPTH)}]}`)).toBe(true);
  });

  it('reads 100,000 nested arrays without overflowing the stack, and unfinished text without failing', () => {
    expect(nestedDeeperThan(nested(100_000))).toBe(true);
    expect(nestedDeeperThan('['.repeat(100_000))).toBe(true);
    expect(nestedDeeperThan('{"id": "unterminated')).toBe(false);
  });
});

describe('a deeply nested answer, through callApi', () => {
  const policy = examplePolicy();
  const app = exampleApp(policy, {
    one: (z, bundle) => callApi(z, bundle, policy, { url: `${ORIGIN}/things`, shape: record }),
    list: async (z, bundle) => ({ items: await callApi(z, bundle, policy, { url: `${ORIGIN}/things`, shape: records }) }),
  });
  const refused =
    `Example answered GET /things with something this integration does not understand (HTTP 200, JSON nested more than ${MAX_ANSWER_DEPTH} levels deep). ` +
    'Try again; if it keeps happening, contact support.';
  const json = { 'Content-Type': 'application/json' };

  it.each([
    ['a body of 100,000 nested arrays', 'one', nested(100_000)],
    ['a record with one field holding them', 'one', `{"id":"th_1","extra":${nested(100_000)}}`],
    ['a list whose second record holds them', 'list', `[{"id":"th_1"},{"id":"th_2","extra":${nested(100_000)}}]`],
    ['a record nested one level past the limit', 'one', `{"id":"th_1","extra":${nested(MAX_ANSWER_DEPTH)}}`],
  ])('refuses %s with the "does not understand" error', async (_name, key, body) => {
    nock(ORIGIN).get('/things').reply(200, body, json);
    const error = await failureOf(runCreate(app, key));
    expect(error).toMatchObject({ name: 'AppError', message: refused, code: 'unexpected_response', status: 502, doNotContextify: true });
  });

  it('hands over a record nested exactly as deep as allowed', async () => {
    nock(ORIGIN).get('/things').reply(200, `{"id":"th_1","extra":${nested(MAX_ANSWER_DEPTH - 1)}}`, json);
    await expect(runCreate(app, 'one')).resolves.toMatchObject({ id: 'th_1' });
  });

  it('reads a deeply nested error body as a page that is not the API\'s JSON, keeping the status', async () => {
    nock(ORIGIN).get('/things').reply(422, `{"error":{"code":"validation_error","details":${nested(100_000)}}}`, json);
    expect(await failureOf(runCreate(app, 'one'))).toMatchObject({ name: 'AppError', code: 'http_422', status: 422 });
  });
});
