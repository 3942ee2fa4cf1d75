import nock from 'nock';

// No test may reach a real service: only the loopback sandbox is allowed through.
if (!nock.isActive()) nock.activate();
nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));

afterEach(() => {
  nock.cleanAll();
});

// Jest gives each test file its own copy of nock, but they all patch the same worker's http and fetch:
// a copy left active would answer the next file's requests with "Disallowed net connect".
afterAll(() => {
  nock.restore();
});
