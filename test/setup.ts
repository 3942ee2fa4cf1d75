import nock from 'nock';

// No test may reach a real service: only the loopback sandbox is allowed through.
if (!nock.isActive()) nock.activate();
nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));

afterEach(() => {
  nock.cleanAll();
});
