import type { ThrottleObject } from 'zapier-platform-core';
import cerbo from '../connectors/cerbo/index';
import serebro from '../connectors/serebro/index';
import sergio from '../connectors/sergio/index';

/**
 * Every action and search declares (or inherits from the app) a Zapier throttle that keeps a
 * connection under its API's own limit, in requests per second, so Zapier queues work before the
 * API answers 429. Limits: contract §1.2, §2.2, §3.
 */
const API_LIMIT_PER_SECOND = {
  serebro: 100 / 10,
  sergio: { reads: 120 / 60, writes: 60 / 60 },
  cerbo: 60 / 60,
};

type Operation = { key: string; operation: { throttle?: ThrottleObject } };
type App = { throttle?: ThrottleObject; creates?: Record<string, Operation>; searches?: Record<string, Operation> };

function throttles(app: App) {
  return [...Object.values(app.creates ?? {}), ...Object.values(app.searches ?? {})].map((op) => ({
    key: op.key,
    kind: app.creates?.[op.key] ? 'write' : 'read',
    throttle: op.operation.throttle ?? app.throttle,
  }));
}

const perSecond = (t: ThrottleObject) => t.limit / t.window;

describe.each([
  ['serebro', serebro as unknown as App, () => API_LIMIT_PER_SECOND.serebro],
  ['cerbo', cerbo as unknown as App, () => API_LIMIT_PER_SECOND.cerbo],
  ['sergio', sergio as unknown as App, (kind: string) => (kind === 'write' ? API_LIMIT_PER_SECOND.sergio.writes : API_LIMIT_PER_SECOND.sergio.reads)],
])('%s throttles', (_name, app, limit) => {
  it.each(throttles(app))('$key stays under the API limit per connection', ({ kind, throttle }) => {
    expect(throttle).toBeDefined();
    expect(throttle?.scope).toEqual(['auth']);
    expect(perSecond(throttle as ThrottleObject)).toBeLessThanOrEqual(limit(kind));
  });
});
