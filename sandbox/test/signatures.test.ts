import { serebroSignature, sergioSignature } from '../core/signatures';

/**
 * Known answers for the two delivery signatures, computed outside this code base with
 * `printf '%s' '<payload>' | openssl dgst -sha256 -hmac '<secret>'`: if the twins' scheme drifts
 * from docs/apis.md (another payload, encoding or header layout), these fail even though the
 * connectors, checking whatever the twins send, might still agree with it.
 */
const SECRET = 'whsec_test_secret';
const T = 1767225600; // 2026-01-01T00:00:00Z

describe('Serebro delivery signature (docs/apis.md §1.3)', () => {
  const body = '{"id":"evt_1","type":"contact.created","data":{"id":"ct_1"}}';

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>', () => {
    expect(serebroSignature(SECRET, body, T)).toBe('t=1767225600,v1=0ad62f48ab7d885e1b45a7e5d15d474dd6288fe148b9d73bb0893b43c6ea0a8e');
    expect(serebroSignature('another_secret', body, T)).toBe(
      't=1767225600,v1=464d7854e3620941447412638cb3ac3b735423353e80e67f8415d63acc7a4bce',
    );
  });

  it('changes with the timestamp and the body, and is stamped with the current time by default', () => {
    expect(serebroSignature(SECRET, body, T + 1)).not.toContain('0ad62f48ab7d885e');
    expect(serebroSignature(SECRET, `${body} `, T)).not.toContain('0ad62f48ab7d885e');
    const before = Math.floor(Date.now() / 1000);
    const t = Number(/^t=(\d+),v1=[0-9a-f]{64}$/.exec(serebroSignature(SECRET, body))?.[1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });
});

describe('Sergio delivery signature (docs/apis.md §2.1)', () => {
  it('is sha256=<hex HMAC-SHA256(secret, raw body)>', () => {
    expect(sergioSignature(SECRET, '{"id":"evt_1","event":"job.created","data":{"id":"job_1"}}')).toBe(
      'sha256=960bd3ebd61b78e47ef68484ef5b9c69a9e4074c8edd3c5a5cb62f7dfcedbe82',
    );
  });

  it('signs the UTF-8 bytes of the body, accents included', () => {
    expect(sergioSignature(SECRET, '{"id":"evt_2","event":"job.created","data":{"customer":{"name":"Zoë Ångström"}}}')).toBe(
      'sha256=88bcd190a5cc270f410a37843406c096b71219da3383835f9f25ebc1d5ec15e9',
    );
  });
});
