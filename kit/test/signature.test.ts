/**
 * The two webhook signature schemes, checked against known answers computed outside this code base:
 *   printf '%s' '1767225600.{"id":"evt_1"}' | openssl dgst -sha256 -hmac 'whsec_test'
 *   printf '%s' '{"id":"evt_1"}' | openssl dgst -sha256 -hmac 'whsec_test'
 *   printf '%s' '{"id":"evt_2","name":"Zoë"}' | openssl dgst -sha256 -hmac 'whsec_test'   (UTF-8 bytes)
 *   printf '%s' '1767225600.{"id":"evt_1"}' | openssl dgst -sha256 -hmac 'whsec_other'
 */
import { findHeader, TIMESTAMP_TOLERANCE_SECONDS, verifyBodyHmac, verifyTimestampedHmac } from '../signature';

const SECRET = 'whsec_test';
const T = 1767225600; // 2026-01-01T00:00:00Z
const BODY = '{"id":"evt_1"}';
const TIMESTAMPED_HEX = '45b40331de0325606dc5400202ade162460fbe48daf9401adfdcd0d7b4f35470';
const BODY_HEX = '030fa3b2413d1993c551364bd53bb9b3edb5c0c34d55dba6ada6041245632811';
const UTF8_BODY = '{"id":"evt_2","name":"Zoë"}';
const UTF8_BODY_HEX = '65ebd848e658909e9ac2f9036edb2edc5c5e662217b3bdbaba64c7315ed9909c';
const OTHER_SECRET_HEX = 'b43aa7d57f1f25c9949b6b89856a87b1fdfaa0748c70f7d22ee552ba8c3c900e';

const HEADER = 'X-Example-Signature';
/** One hex digit changed (the last one). */
const flipLast = (hex: string) => hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');

describe('verifyTimestampedHmac (t=…,v1=… over "<t>.<body>")', () => {
  const verify = (overrides: Partial<Parameters<typeof verifyTimestampedHmac>[0]> = {}) =>
    verifyTimestampedHmac({ headerName: HEADER, header: `t=${T},v1=${TIMESTAMPED_HEX}`, rawBody: BODY, secret: SECRET, nowSeconds: T, ...overrides });

  it('accepts the known answer', () => {
    expect(verify()).toEqual({ ok: true });
  });

  it('accepts it within the tolerance either side of now, and with spaces after the commas', () => {
    expect(verify({ nowSeconds: T + TIMESTAMP_TOLERANCE_SECONDS })).toEqual({ ok: true });
    expect(verify({ nowSeconds: T - TIMESTAMP_TOLERANCE_SECONDS })).toEqual({ ok: true });
    expect(verify({ header: `t=${T}, v1=${TIMESTAMPED_HEX}` })).toEqual({ ok: true });
  });

  it('accepts a header carrying several v1 signatures when one matches (a secret being rotated)', () => {
    expect(verify({ header: `t=${T},v1=${OTHER_SECRET_HEX},v1=${TIMESTAMPED_HEX}` })).toEqual({ ok: true });
  });

  it.each([
    ['one changed byte of the body', { rawBody: '{"id":"evt_2"}' }, 'the signature does not match the body'],
    ['one changed digit of the signature', { header: `t=${T},v1=${flipLast(TIMESTAMPED_HEX)}` }, 'the signature does not match the body'],
    ['another timestamp under the same signature', { header: `t=${T + 1},v1=${TIMESTAMPED_HEX}`, nowSeconds: T + 1 }, 'the signature does not match the body'],
    ['the signature of another secret', { header: `t=${T},v1=${OTHER_SECRET_HEX}` }, 'the signature does not match the body'],
    ['the body-only digest', { header: `t=${T},v1=${BODY_HEX}` }, 'the signature does not match the body'],
    ['an upper-case V1 key', { header: `t=${T},V1=${TIMESTAMPED_HEX}` }, `the ${HEADER} header is malformed`],
    ['an upper-case T key', { header: `T=${T},v1=${TIMESTAMPED_HEX}` }, `the ${HEADER} header is malformed`],
    ['no timestamp', { header: `v1=${TIMESTAMPED_HEX}` }, `the ${HEADER} header is malformed`],
    ['a timestamp that is not a number', { header: `t=soon,v1=${TIMESTAMPED_HEX}` }, `the ${HEADER} header is malformed`],
    ['no v1', { header: `t=${T}` }, `the ${HEADER} header is malformed`],
    ['garbage', { header: 'garbage' }, `the ${HEADER} header is malformed`],
    ['a missing header', { header: undefined }, `the ${HEADER} header is missing`],
    ['an empty header', { header: '' }, `the ${HEADER} header is missing`],
    ['a missing secret', { secret: undefined }, 'the subscription has no signing secret'],
    ['an empty secret', { secret: '' }, 'the subscription has no signing secret'],
    ['a missing body', { rawBody: undefined }, 'the delivery has no body'],
    [
      'a stale timestamp (a replay)',
      { nowSeconds: T + TIMESTAMP_TOLERANCE_SECONDS + 1 },
      'the signature timestamp is more than 300 seconds from now (a replay or a stale retry)',
    ],
    [
      'a timestamp from the future',
      { nowSeconds: T - TIMESTAMP_TOLERANCE_SECONDS - 1 },
      'the signature timestamp is more than 300 seconds from now (a replay or a stale retry)',
    ],
  ])('refuses %s', (_name, overrides, reason) => {
    expect(verify(overrides)).toEqual({ ok: false, reason });
  });
});

describe('verifyBodyHmac (sha256=… over the body)', () => {
  const verify = (overrides: Partial<Parameters<typeof verifyBodyHmac>[0]> = {}) =>
    verifyBodyHmac({ headerName: HEADER, header: `sha256=${BODY_HEX}`, rawBody: BODY, secret: SECRET, ...overrides });

  it('accepts the known answers, the digest in either hex case, over the UTF-8 bytes of the body', () => {
    expect(verify()).toEqual({ ok: true });
    expect(verify({ header: `sha256=${BODY_HEX.toUpperCase()}` })).toEqual({ ok: true });
    expect(verify({ header: `sha256=${UTF8_BODY_HEX}`, rawBody: UTF8_BODY })).toEqual({ ok: true });
  });

  it.each([
    ['one changed byte of the body', { rawBody: '{"id":"evt_2"}' }, 'the signature does not match the body'],
    ['a body with a trailing newline', { rawBody: `${BODY}\n` }, 'the signature does not match the body'],
    ['one changed digit of the signature', { header: `sha256=${flipLast(BODY_HEX)}` }, 'the signature does not match the body'],
    ['the timestamped digest', { header: `sha256=${TIMESTAMPED_HEX}` }, 'the signature does not match the body'],
    ['another secret', { secret: 'whsec_other' }, 'the signature does not match the body'],
    ['an upper-case SHA256= prefix', { header: `SHA256=${BODY_HEX}` }, `the ${HEADER} header is malformed`],
    ['no prefix', { header: BODY_HEX }, `the ${HEADER} header is malformed`],
    ['a truncated digest', { header: `sha256=${BODY_HEX.slice(0, -2)}` }, `the ${HEADER} header is malformed`],
    ['a digest that is not hex', { header: `sha256=${'z'.repeat(64)}` }, `the ${HEADER} header is malformed`],
    ['a missing header', { header: undefined }, `the ${HEADER} header is missing`],
    ['a missing secret', { secret: undefined }, 'the subscription has no signing secret'],
    ['a missing body', { rawBody: undefined }, 'the delivery has no body'],
  ])('refuses %s', (_name, overrides, reason) => {
    expect(verify(overrides)).toEqual({ ok: false, reason });
  });
});

describe('findHeader', () => {
  it('ignores case and the Http- prefix Zapier puts on raw request headers, and takes the first of a list', () => {
    const headers = { 'Http-X-Example-Signature': 'a', 'content-type': 'b', 'X-EXAMPLE-DELIVERY': ['c', 'd'], 'X-Number': 5 };
    expect(findHeader(headers, 'x-example-signature')).toBe('a');
    expect(findHeader(headers, 'Content-Type')).toBe('b');
    expect(findHeader(headers, 'X-Example-Delivery')).toBe('c');
    expect(findHeader(headers, 'X-Number')).toBeUndefined();
    expect(findHeader(headers, 'X-Missing')).toBeUndefined();
    expect(findHeader(undefined, 'X-Missing')).toBeUndefined();
  });
});
