import { serebroSignature, sergioSignature } from '../core/signatures';

/**
 * Whether a delivery the twins sent carries the right signature for `secret`: the header must be
 * exactly what the (known-answer tested) signers give for this body, and Serebro's timestamp fresh.
 */
export function serebroSigned(header: unknown, rawBody: string, secret: string): boolean {
  const match = typeof header === 'string' ? /^t=(\d+),v1=[0-9a-f]{64}$/.exec(header) : null;
  if (!match) return false;
  const t = Number(match[1]);
  return Math.abs(Date.now() / 1000 - t) <= 300 && header === serebroSignature(secret, rawBody, t);
}

export function sergioSigned(header: unknown, rawBody: string, secret: string): boolean {
  return header === sergioSignature(secret, rawBody);
}
