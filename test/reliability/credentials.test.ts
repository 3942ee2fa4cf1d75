/**
 * Credentials and tokens nobody can use (issue 19 points 3 and 5), on the fake origins (nock):
 *  - every operation and the auth test of each connector, with each credential of the connection made
 *    unsendable (a CR/LF, an emoji, "€"): refused before any request, with a Zapier error naming that
 *    credential, never "does not understand … Try again". Cerbo's Secret Key travels in Basic auth, which
 *    Zapier encodes as UTF-8 in base64: there only a control character is refused, and "€" is sent;
 *  - Serebro's token endpoint answering a token of another type, without a type, or tokens that could
 *    never be sent: connecting fails saying to start again, a refresh asks to reconnect.
 */
import { BASE_URL_ENV, FAKE_BASE_URL, FAKE_SECRETS, fakeAuthData, loadApp, SERVICES, type ServiceName } from './connectors';
import { outcome } from './counts';
import { fakeApi, type NockReply } from './fakeapi';
import type { Finding } from './known-defects';
import { itLeaksNothing } from './leaks';
import { registerInputValues } from './messages';
import { foreignOrigin, prepared, targets, validInput, type Seen } from './odd';
import { resolveFields } from './inputs';
import { errorName, makeTester, userMessage, type Tester } from './tester';
import { frameSuite } from './suite';

/** What the user calls each credential, by its authData key, as the messages must name it. */
const CREDENTIALS: Record<ServiceName, Record<string, string>> = {
  serebro: { access_token: 'access token' },
  sergio: { api_key: 'API Key' },
  cerbo: { username: 'Username (Public Key)', password: 'Secret Key' },
};

/** Ways to spoil a credential, each inserted in its middle. */
const SPOILERS = [
  { name: 'a CR/LF', text: '\r\nX-Injected: 1', control: true },
  { name: 'an emoji', text: '😀', control: false },
  { name: '"€"', text: '€', control: false },
];

async function run(tester: Tester, method: string, authData: Record<string, string>, inputData: Record<string, unknown>): Promise<Seen> {
  try {
    return { name: 'ok', message: '', result: await tester(method, { authData, inputData, meta: {} }) };
  } catch (error) {
    return { name: errorName(error), message: userMessage(error) };
  }
}

const spoilt = (value: string, text: string) => `${value.slice(0, 8)}${text}${value.slice(8)}`;

describe('credentials that cannot be sent, on every operation', () => {
  const findings: Finding[] = [];
  frameSuite(
    {
      part: 'credentials',
      setUp: () => {
        process.env.CLIENT_ID = process.env.CLIENT_ID ?? 'client_reliability';
        process.env.CLIENT_SECRET = FAKE_SECRETS.clientSecret;
      },
    },
    findings,
  );

  describe.each(SERVICES.map((service) => [service] as const))('%s', (service) => {
    const app = loadApp(service);
    it.each(targets(service, app).map((target, index) => [target.id, target, index] as const))('%s', async (_id, target, index) => {
      process.env[BASE_URL_ENV[service]] = FAKE_BASE_URL[service];
      const api = fakeApi(service);
      api.record = { ...(target.op?.definition.operation.sample ?? {}), id: 'rec_reliability' };
      const foreign = foreignOrigin(() => ({ ...api.record }));
      const tester = makeTester(app);
      const authData = fakeAuthData(service, app);
      const fields = target.inputFrom ? await resolveFields(tester, target.inputFrom, authData) : [];
      const inputData = validInput(fields, 20261219 + index);
      for (const value of Object.values(inputData)) for (const v of [value].flat()) if (typeof v === 'string') api.ids.add(v.trim());
      registerInputValues(service, inputData);
      api.fault = prepared(app, target, inputData);

      api.wire.length = 0;
      const baseline = await run(tester, target.method, authData, inputData);
      const made = api.wire.length;
      if (made === 0 || baseline.name !== 'ok') {
        outcome('unsendable credential: operation skipped (no request or no success with good credentials)');
        return;
      }

      const problems: string[] = [];
      for (const [key, name] of Object.entries(CREDENTIALS[service])) {
        for (const spoiler of SPOILERS) {
          api.wire.length = 0;
          const seen = await run(tester, target.method, { ...authData, [key]: spoilt(authData[key], spoiler.text) }, inputData);
          outcome(`unsendable credential:${seen.name}`);
          const where = `${name} with ${spoiler.name}`;
          if (foreign.length) problems.push(`${where}: a request reached the foreign host`);
          // Basic auth is base64 of UTF-8: only a control character makes it unsendable.
          if (key === 'password' && !spoiler.control) {
            if (seen.name !== 'ok' || api.wire.length !== made) problems.push(`${where}: ended in ${seen.name} after ${api.wire.length} requests, should be sent like any password`);
            continue;
          }
          if (api.wire.length > 0) problems.push(`${where}: ${api.wire.length} request(s) sent`);
          if (seen.name !== 'ExpiredAuthError' && seen.name !== 'AppError') problems.push(`${where}: ended in ${seen.name}, not a Zapier error`);
          else if (!seen.message.includes(name)) problems.push(`${where}: the message does not name the ${name} («${seen.message.slice(0, 120)}»)`);
          else if (/does not understand/.test(seen.message)) problems.push(`${where}: "does not understand" for a credential that can never work`);
        }
      }
      findings.push(...problems.map((problem) => ({ where: target.id, problem })));
      expect(problems).toEqual([]);
    });
  });

  describe('serebro: token answers that cannot be used', () => {
    const app = loadApp('serebro');
    const good = {
      access_token: FAKE_SECRETS.accessToken,
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: FAKE_SECRETS.refreshToken,
      user_type: 'Location',
      location_id: 'loc_reliability',
      company_id: 'co_reliability',
    };
    const { token_type: _type, ...untyped } = good;
    const answers: Array<[string, Record<string, unknown>, 'ok' | 'refused']> = [
      ['token_type "Bearer"', good, 'ok'],
      ['token_type "bearer"', { ...good, token_type: 'bearer' }, 'ok'],
      ['token_type "mac"', { ...good, token_type: 'mac' }, 'refused'],
      ['token_type "DPoP"', { ...good, token_type: 'DPoP' }, 'refused'],
      ['no token_type', untyped, 'refused'],
      ['an access token with a CR/LF', { ...good, access_token: spoilt(good.access_token, '\r\nX: 1') }, 'refused'],
      ['an access token with "€"', { ...good, access_token: spoilt(good.access_token, '€') }, 'refused'],
      ['a refresh token with an emoji', { ...good, refresh_token: spoilt(good.refresh_token, '😀') }, 'refused'],
    ];
    const flows = [
      ['getAccessToken', { inputData: { code: 'sac_reliability', redirect_uri: 'https://zapier.example/return' } }, 'AppError', /Start connecting your account again/],
      ['refreshAccessToken', { authData: fakeAuthData('serebro', app), inputData: {} }, 'ExpiredAuthError', /Reconnect your Serebro AI account in Zapier\.$/],
    ] as const;

    it.each(flows.flatMap(([fn, bundle, errorType, advice]) => answers.map(([what, answer, expected]) => [fn, what, bundle, answer, expected, errorType, advice] as const)))(
      '%s, answered %s',
      async (fn, _what, bundle, answer, expected, errorType, advice) => {
        process.env[BASE_URL_ENV.serebro] = FAKE_BASE_URL.serebro;
        const api = fakeApi('serebro');
        api.fault = (request): NockReply | undefined => (request.path.startsWith('/oauth/token') ? [200, answer, { 'content-type': 'application/json' }] : undefined);
        let seen: Seen;
        try {
          seen = { name: 'ok', message: '', result: await makeTester(app)(`authentication.oauth2Config.${fn}`, bundle) };
        } catch (error) {
          seen = { name: errorName(error), message: userMessage(error) };
        }
        outcome(`token answer:${seen.name}`);
        const problems: string[] = [];
        if (expected === 'ok' && seen.name !== 'ok') problems.push(`ended in ${seen.name} («${seen.message.slice(0, 120)}»), should be kept`);
        if (expected === 'refused') {
          if (seen.name !== errorType) problems.push(`ended in ${seen.name}, not ${errorType}`);
          else if (!advice.test(seen.message)) problems.push(`the message does not say what to do («${seen.message.slice(0, 160)}»)`);
        }
        findings.push(...problems.map((problem) => ({ where: `serebro ${fn}`, problem })));
        expect(problems).toEqual([]);
      },
    );
  });

  itLeaksNothing('credentials', findings);
});
