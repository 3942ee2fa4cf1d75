import zapier, { type Bundle, type HttpResponse, type ZObject } from 'zapier-platform-core';
import { errorMapper, type ErrorPolicy } from '../errors';
import { settle, settlesItself } from '../settle';

const policy: ErrorPolicy = {
  service: 'Example',
  canRefresh: false,
  reconnect: 'Reconnect Example.',
  showApiMessages: true,
  forbidden: () => 'Example refused it (HTTP 403).',
};
const z = { errors: zapier.errors } as unknown as ZObject;
const bundle = { authData: {}, inputData: {} } as unknown as Bundle;

function answer(status: number, body?: unknown): HttpResponse {
  const content = body === undefined ? '' : JSON.stringify(body);
  return {
    status,
    content,
    data: body,
    headers: {},
    getHeader: () => undefined,
    skipThrowForStatus: true,
    request: { method: 'POST', url: 'https://api.example.com/things', skipThrowForStatus: true },
  } as unknown as HttpResponse;
}

const conflict = answer(409, { error: { code: 'duplicate', message: 'Already there', details: { id: 't_1' } } });

describe('settle', () => {
  it('asks for skipThrowForStatus only when the request expects something besides success', () => {
    expect(settlesItself({})).toBe(false);
    expect(settlesItself({ acceptStatuses: [404] })).toBe(true);
    expect(settlesItself({ recover: async () => undefined })).toBe(true);
    expect(settlesItself({ explain: () => undefined })).toBe(true);
  });

  it('gives the body of a success, and undefined for a 204 or an accepted status', async () => {
    expect(await settle(z, bundle, answer(201, { id: 't_2' }), {}, errorMapper(policy))).toEqual({ id: 't_2' });
    expect(await settle(z, bundle, answer(204), {}, errorMapper(policy))).toBeUndefined();
    expect(await settle(z, bundle, answer(404, { error: { code: 'not_found' } }), { acceptStatuses: [404] }, errorMapper(policy))).toBeUndefined();
  });

  it('returns what recover finds, with the error it was given', async () => {
    const recover = jest.fn(async () => ({ id: 't_1' }));
    expect(await settle(z, bundle, conflict, { recover, explain: () => 'never used' }, errorMapper(policy))).toEqual({ id: 't_1' });
    expect(recover).toHaveBeenCalledWith(409, expect.objectContaining({ code: 'duplicate', details: { id: 't_1' } }));
  });

  it('falls back to the explanation when recover finds nothing, keeping the API code and status', async () => {
    const error = await settle(z, bundle, conflict, { recover: async () => undefined, explain: () => 'Thing t_1 exists.' }, errorMapper(policy)).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'AppError' });
    expect(JSON.parse((error as Error).message)).toMatchObject({ message: 'Thing t_1 exists.', code: 'duplicate', status: 409 });
  });

  it('maps an error nobody expected like any other response', async () => {
    const error = await settle(z, bundle, answer(500, { error: { code: 'boom', message: 'Broken' } }), { explain: () => undefined }, errorMapper(policy)).catch(
      (e: unknown) => e,
    );
    expect(JSON.parse((error as Error).message)).toMatchObject({ message: 'Example: Broken', code: 'boom', status: 500 });
  });
});
