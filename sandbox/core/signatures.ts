import { createHmac } from 'node:crypto';

/**
 * How the twins sign webhook deliveries, written from docs/apis.md and not borrowed from the kit:
 * the sandbox stands for the services, so a connector that checks the wrong scheme must fail against
 * it rather than agree with itself.
 *  - Serebro (docs/apis.md §1.3): `X-Serebro-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`;
 *  - Sergio (docs/apis.md §2.1):  `X-Sergio-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`.
 * The raw body is the exact UTF-8 text sent on the wire.
 */
function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/** The `X-Serebro-Signature` value for one delivery attempt, timestamped `unixSeconds` (now by default). */
export function serebroSignature(secret: string, rawBody: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${unixSeconds},v1=${hmacSha256Hex(secret, `${unixSeconds}.${rawBody}`)}`;
}

/** The `X-Sergio-Signature` value for a delivery. */
export function sergioSignature(secret: string, rawBody: string): string {
  return `sha256=${hmacSha256Hex(secret, rawBody)}`;
}
