import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { Bundle } from 'zapier-platform-core';
import type { Connector } from '../../kit';

/**
 * One service as its n8n node runs it: the connector's operations, read as they are, and what n8n's side
 * says of the connection. Each package's `nodes/<Name>/service.ts` declares one.
 */
export interface Service {
  /** The connector as every runtime reads it (`connectors/<service>/operations.ts`). */
  operations: Connector;
  /** The n8n credential type the node uses: requests go through n8n's helper with it, which adds it and refreshes OAuth tokens. */
  credential: string;
  /**
   * The connection as the operations read it (`bundle.authData`, the same keys as on Zapier), from the
   * credential; undefined when the credential holds no connection yet (an OAuth credential never connected).
   */
  authData: (credentials: ICredentialDataDecryptedObject) => Bundle['authData'] | undefined;
  /**
   * The base-URL override the connector reads (`SEREBRO_BASE_URL`): in n8n it is the credential's Base URL
   * field, checked by the kit as any override is.
   */
  baseUrlOverride: string;
  /** Everything of the credential a message must never hold: tokens, keys, passwords, the OAuth client's secret. */
  secrets: (credentials: ICredentialDataDecryptedObject) => unknown[];
  /**
   * The connection the node's fields are drawn for. A node cannot see the credential when it draws its
   * fields, so it shows those of the connection that sees the most (Serebro's Agency, which has a Location
   * field); the operations still refuse at run time what a connection needs and lacks.
   */
  widestConnection: Bundle['authData'];
}

/** A text field of a credential, trimmed; undefined when it is missing or blank. */
export function credentialText(credentials: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = credentials?.[key];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}
