import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import { reach } from '../network';

// A real loopback server: one path answers, one never does, one drops the connection.
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.startsWith('/ok')) response.end(JSON.stringify([{ id: '1' }]));
    else if (request.url?.startsWith('/reset')) request.socket.destroy();
    // '/hang': never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

const app = {
  version: '1.0.0',
  platformVersion: zapier.version,
  searches: {
    probe: {
      key: 'probe',
      noun: 'Probe',
      display: { label: 'Find Probe', description: 'Finds a probe.' },
      operation: {
        inputFields: [{ key: 'path' }, { key: 'email' }],
        perform: async (z: ZObject, bundle: Bundle) => {
          const response = await reach(z, 'Example', () =>
            z.request({ url: `${origin}${bundle.inputData.path}`, params: { email: bundle.inputData.email as string }, timeout: 300 }),
          );
          return response.data as object[];
        },
      },
    },
  },
};
const appTester = zapier.createAppTester(app);
const search = (path: string) =>
  appTester(app.searches.probe.operation.perform, { inputData: { path, email: 'ada@example.com' } } as unknown as Bundle);
const failure = async (path: string) => {
  const error = (await search(path).catch((e: Error) => e)) as Error;
  expect(error).toBeInstanceOf(Error);
  expect(error.message).not.toContain('ada@example.com');
  expect(error.message).not.toContain(origin);
  return JSON.parse(error.message);
};

describe('reach', () => {
  it('returns what the request returns', async () => {
    await expect(search('/ok')).resolves.toEqual([{ id: '1' }]);
  });

  it('turns a dropped connection into a network_error that does not quote the URL', async () => {
    expect(await failure('/reset')).toEqual({
      message: 'Example could not be reached: the connection failed (ECONNRESET). Try again in a few minutes.',
      code: 'network_error',
      status: 503,
    });
  });

  it('turns a request that hangs past its timeout into a network_error', async () => {
    expect(await failure('/hang')).toMatchObject({ code: 'network_error', status: 503, message: expect.stringMatching(/did not answer within/) });
  });

  it('lets other errors through unchanged', async () => {
    const thrown = new Error('boom');
    const z = { errors: zapier.errors } as unknown as ZObject;
    await expect(reach(z, 'Example', async () => Promise.reject(thrown))).rejects.toBe(thrown);
  });
});
