import type { ThrottleObject } from 'zapier-platform-core';
import { loadApp, operationsOf, type AppDefinition } from '../scripts/definition';

/**
 * Every action and search declares (or inherits from the app) a Zapier throttle that keeps a
 * connection under its API's own limit, in requests per second, so Zapier queues work before the
 * API answers 429. Limits: docs/apis.md §1.2, §2.2, §3.
 */
const API_LIMIT_PER_SECOND = {
  serebro: 100 / 10,
  sergio: { reads: 120 / 60, writes: 60 / 60 },
  cerbo: 60 / 60,
};

function throttles(app: AppDefinition) {
  return operationsOf(app, ['creates', 'searches']).map(({ kind, key, definition }) => ({
    key,
    kind: kind === 'creates' ? 'write' : 'read',
    throttle: definition.operation.throttle ?? app.throttle,
  }));
}

const perSecond = (t: ThrottleObject) => t.limit / t.window;

describe.each([
  ['serebro', loadApp('serebro'), () => API_LIMIT_PER_SECOND.serebro],
  ['cerbo', loadApp('cerbo'), () => API_LIMIT_PER_SECOND.cerbo],
  ['sergio', loadApp('sergio'), (kind: string) => (kind === 'write' ? API_LIMIT_PER_SECOND.sergio.writes : API_LIMIT_PER_SECOND.sergio.reads)],
])('%s throttles', (_name, app, limit) => {
  it.each(throttles(app))('$key stays under the API limit per connection', ({ kind, throttle }) => {
    expect(throttle).toBeDefined();
    expect(throttle?.scope).toEqual(['auth']);
    expect(perSecond(throttle as ThrottleObject)).toBeLessThanOrEqual(limit(kind));
  });
});
