import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { Connector } from '../../kit';
import type { NodeSettings } from './nodes';
import type { RateLimit } from './pacing';

/**
 * One service as its n8n node runs it: the connector's operations, read as they are, the node's settings
 * (its credential type and the kinds of connection its fields are drawn for), and what n8n's side says of
 * the connection. Each package's `nodes/<Name>/service.ts` declares one.
 */
export interface Service {
  /** The connector as every runtime reads it (`connectors/<service>/operations.ts`). */
  operations: Connector;
  /** The node's settings (nodes.ts); requests go through n8n's helper with its credential, which adds it and refreshes OAuth tokens. */
  node: NodeSettings;
  /**
   * The connection as the operations read it (`bundle.authData`, the same keys as on Zapier), from the
   * credential; undefined when the credential holds no connection yet (an OAuth credential never connected).
   */
  authData: (credentials: ICredentialDataDecryptedObject) => Bundle['authData'] | undefined;
  /**
   * The base-URL override the connector reads (`SEREBRO_BASE_URL`): in n8n it is the credential's Base URL
   * field, checked by the kit's rule as any override is.
   */
  baseUrlOverride: string;
  /** Everything of the credential a message must never hold: tokens, keys, passwords, the OAuth client's secret. */
  secrets: (credentials: ICredentialDataDecryptedObject) => unknown[];
  /** The API's rate limits for one credential, each a field of the credential, under which an execution paces its requests (pacing.ts). */
  rateLimits: readonly RateLimit[];
  /**
   * The connection's webhook subscriptions at the service, where its API lists them (Serebro AI's), each with
   * what unsubscribing it needs: the trigger node checks that the subscription it keeps is still there, and
   * removes any other made for its own URL. Without it, the trigger node can only trust what it keeps.
   */
  subscriptions?: (z: ZObject, bundle: Bundle) => Promise<ListedSubscription[]>;
}

/** A webhook subscription as the service lists it: its id, the URL it delivers to, and what else unsubscribing it needs. */
export interface ListedSubscription extends Record<string, unknown> {
  id: string;
  url: string;
}

/** A text field of a credential (or of its token answer), trimmed; undefined when it is missing or blank. */
export function credentialText(credentials: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = credentials?.[key];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}
