import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signature checks for the two HMAC-SHA256 schemes the connectors meet:
 *  - timestamped: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, within a tolerance window;
 *  - body only:   `sha256=<hex HMAC-SHA256(secret, raw body)>`.
 * Pure functions: the triggers turn a failure into a refused delivery.
 */
export type Verdict = { ok: true } | { ok: false; reason: string };

export const TIMESTAMP_TOLERANCE_SECONDS = 300;

/**
 * Looks a header up ignoring case and the `Http-` prefix Zapier puts on `bundle.rawRequest.headers`.
 */
export function findHeader(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    const normalised = key.toLowerCase().replace(/^http-/, '');
    if (normalised === wanted) {
      const first = Array.isArray(value) ? value[0] : value;
      return typeof first === 'string' ? first : undefined;
    }
  }
  return undefined;
}

function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

function sameHex(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]+$/i.test(givenHex) || givenHex.length !== expectedHex.length) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex.toLowerCase(), 'hex'));
}

interface Signed {
  /** The signature header's name, for messages. */
  headerName: string;
  header: string | undefined;
  rawBody: string | undefined;
  secret: string | undefined;
}

function missing({ headerName, header, rawBody, secret }: Signed): Verdict | undefined {
  if (!secret) return { ok: false, reason: 'the subscription has no signing secret' };
  if (!header) return { ok: false, reason: `the ${headerName} header is missing` };
  if (rawBody === undefined) return { ok: false, reason: 'the delivery has no body' };
  return undefined;
}

export function verifyTimestampedHmac(options: Signed & { nowSeconds?: number; toleranceSeconds?: number }): Verdict {
  const absent = missing(options);
  if (absent) return absent;
  const { headerName } = options;
  const rawBody = options.rawBody as string;
  const secret = options.secret as string;
  const malformed: Verdict = { ok: false, reason: `the ${headerName} header is malformed` };

  const parts = new Map<string, string[]>();
  for (const piece of (options.header as string).split(',')) {
    const eq = piece.indexOf('=');
    if (eq <= 0) return malformed;
    const key = piece.slice(0, eq).trim();
    parts.set(key, [...(parts.get(key) ?? []), piece.slice(eq + 1).trim()]);
  }
  const t = parts.get('t')?.[0];
  const signatures = parts.get('v1') ?? [];
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0) return malformed;

  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? TIMESTAMP_TOLERANCE_SECONDS;
  if (Math.abs(now - Number(t)) > tolerance) {
    return { ok: false, reason: `the signature timestamp is more than ${tolerance} seconds from now (a replay or a stale retry)` };
  }
  const expected = hmacHex(secret, `${t}.${rawBody}`);
  if (!signatures.some((given) => sameHex(expected, given))) return { ok: false, reason: 'the signature does not match the body' };
  return { ok: true };
}

export function verifyBodyHmac(options: Signed): Verdict {
  const absent = missing(options);
  if (absent) return absent;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec((options.header as string).trim());
  if (!match) return { ok: false, reason: `the ${options.headerName} header is malformed` };
  if (!sameHex(hmacHex(options.secret as string, options.rawBody as string), match[1])) {
    return { ok: false, reason: 'the signature does not match the body' };
  }
  return { ok: true };
}
