import { findHeader, signSerebro, signSergio, verifySerebro, verifySergio } from '../signature';

const secret = 'whsec_test_secret';
const body = JSON.stringify({ id: 'evt_1', type: 'contact.created', data: { id: 'ct_1' } });
const now = 1_795_000_000;

describe('findHeader', () => {
  it('ignores case and the Http- prefix Zapier adds to raw request headers', () => {
    const headers = { 'Http-X-Serebro-Signature': 'a', 'content-type': 'b', 'X-SERGIO-DELIVERY': ['c', 'd'] };
    expect(findHeader(headers, 'x-serebro-signature')).toBe('a');
    expect(findHeader(headers, 'Content-Type')).toBe('b');
    expect(findHeader(headers, 'X-Sergio-Delivery')).toBe('c');
    expect(findHeader(headers, 'X-Missing')).toBeUndefined();
    expect(findHeader(undefined, 'X-Missing')).toBeUndefined();
  });
});

describe('verifySerebro', () => {
  const header = signSerebro(secret, body, now);

  it('accepts a fresh, correct signature', () => {
    expect(verifySerebro({ header, rawBody: body, secret, nowSeconds: now + 10 })).toEqual({ ok: true });
  });

  it('accepts a header carrying several v1 signatures when one matches (secret rotation)', () => {
    const rotated = `${header},v1=${'0'.repeat(64)}`;
    expect(verifySerebro({ header: rotated, rawBody: body, secret, nowSeconds: now })).toEqual({ ok: true });
  });

  it.each([
    ['a missing header', { header: undefined }, /missing/],
    ['a malformed header', { header: 'garbage' }, /malformed/],
    ['a header without v1', { header: `t=${now}` }, /malformed/],
    ['a non-numeric timestamp', { header: `t=abc,v1=${'a'.repeat(64)}` }, /malformed/],
    ['a forged signature', { header: `t=${now},v1=${'a'.repeat(64)}` }, /does not match/],
    ['a signature made with another secret', { header: signSerebro('other', body, now) }, /does not match/],
    ['a body altered after signing', { rawBody: body.replace('ct_1', 'ct_2') }, /does not match/],
    ['a stale timestamp (replay)', { nowSeconds: now + 301 }, /more than 300 seconds/],
    ['a timestamp from the future', { nowSeconds: now - 301 }, /more than 300 seconds/],
    ['no secret on the subscription', { secret: undefined }, /no signing secret/],
  ])('rejects %s', (_name, override, reason) => {
    const verdict = verifySerebro({ header, rawBody: body, secret, nowSeconds: now, ...override });
    expect(verdict.ok).toBe(false);
    expect(verdict.ok === false && verdict.reason).toMatch(reason);
  });
});

describe('verifySergio', () => {
  const header = signSergio(secret, body);

  it('accepts a correct signature, in either hex case', () => {
    expect(verifySergio({ header, rawBody: body, secret })).toEqual({ ok: true });
    expect(verifySergio({ header: header.toUpperCase().replace('SHA256', 'sha256'), rawBody: body, secret })).toEqual({ ok: true });
  });

  it.each([
    ['a missing header', { header: undefined }, /missing/],
    ['a header without the sha256= prefix', { header: header.slice(7) }, /malformed/],
    ['a truncated signature', { header: header.slice(0, -2) }, /malformed/],
    ['a forged signature', { header: `sha256=${'b'.repeat(64)}` }, /does not match/],
    ['a signature made with another secret', { header: signSergio('other', body) }, /does not match/],
    ['a body altered after signing', { rawBody: `${body} ` }, /does not match/],
    ['no secret on the subscription', { secret: '' }, /no signing secret/],
  ])('rejects %s', (_name, override, reason) => {
    const verdict = verifySergio({ header, rawBody: body, secret, ...override });
    expect(verdict.ok).toBe(false);
    expect(verdict.ok === false && verdict.reason).toMatch(reason);
  });
});
