import { createHash } from 'node:crypto';

/**
 * Deterministic ids and secrets: the same seed gives the same data, credentials and ids on every
 * start, so a transcript or a README can quote them. Ids stay opaque strings (docs/apis.md §0).
 */
export class IdSource {
  private readonly counters = new Map<string, number>();

  constructor(private readonly seed: string) {}

  /** `prefix_` + 16 hex characters, unique per prefix and seed. */
  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}_${this.hex(`${prefix}:${n}`, 16)}`;
  }

  /** A secret-looking deterministic string for `label`. */
  secret(label: string, length = 32): string {
    return this.hex(`secret:${label}`, length);
  }

  private hex(input: string, length: number): string {
    let out = '';
    for (let round = 0; out.length < length; round += 1) {
      out += createHash('sha256').update(`${this.seed}:${input}:${round}`).digest('hex');
    }
    return out.slice(0, length);
  }
}
