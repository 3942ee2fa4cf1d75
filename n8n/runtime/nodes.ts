/**
 * What the n8n side knows of each node that the connector does not say: the names n8n knows it by
 * (class, credential type) and how the node words what only some connections need. Everything else in
 * a node's description comes from the connector's `operations.ts` (describe.ts).
 *
 * Kept apart from the connectors, so that a package's bundle importing its own node's settings carries
 * no other connector.
 */

/** A kind of connection whose input fields differ from another's (a field function reads `bundle.authData`). */
export interface ConnectionKind {
  /** As a help text names it: "Agency connections". */
  name: string;
  /** What the connector's field functions read to tell this kind apart. */
  authData: Record<string, unknown>;
}

export interface NodeSettings {
  /** The connector's folder (`connectors/<service>`); the package is `n8n-nodes-<service>`, the icons `<service>.svg` and `<service>.dark.svg`. */
  service: 'serebro' | 'sergio' | 'cerbo';
  /** The node's class and file name (`Serebro` → `nodes/Serebro/Serebro.node.ts`); its n8n name is this in camelCase. */
  className: string;
  /** The n8n credential type the node uses. */
  credential: string;
  /**
   * The kinds of connection whose fields differ, when they do. A field only some kinds show is on every
   * operation that has it, never required (a node cannot see the credential's kind when it draws its
   * fields), with a help text saying which kinds need it.
   */
  connections?: readonly ConnectionKind[];
  /**
   * The node's help text for a field, where the connector's speaks of what only Zapier shows it for
   * (Serebro's Location field: "This is an Agency connection").
   */
  helpText?: Readonly<Record<string, string>>;
  /**
   * What the node calls the fields the account defines (a connector's field functions that read the account),
   * shown by name in a resource mapper: its label and n8n's words for one and several of them.
   */
  accountFields?: AccountFieldWords;
}

export interface AccountFieldWords {
  displayName: string;
  singular: string;
  plural: string;
}

/** The words of a node that does not name its account fields. */
export const ACCOUNT_FIELD_WORDS: AccountFieldWords = { displayName: 'Account Fields', singular: 'field', plural: 'fields' };

export const serebroNode: NodeSettings = {
  service: 'serebro',
  className: 'Serebro',
  credential: 'serebroOAuth2Api',
  // Serebro AI's tokens are for one Location or for an Agency (`user_type` in the token answer); an Agency
  // connection picks the Location per step.
  connections: [
    { name: 'Location connections', authData: { user_type: 'Location' } },
    { name: 'Agency connections', authData: { user_type: 'Company' } },
  ],
  helpText: {
    locationId: 'The Location (sub-account) this step works in.',
    // The connector's own text points "above", where Zapier lists the fields; in n8n they are in the Custom Fields mapper.
    customFields:
      "Custom field values by custom field ID (ID on the left, value on the right). The Location's custom fields appear by name in Custom Fields above: use this only for a field not listed there.",
  },
  accountFields: { displayName: 'Custom Fields', singular: 'custom field', plural: 'custom fields' },
};

export const sergioNode: NodeSettings = { service: 'sergio', className: 'Sergio', credential: 'sergioApi' };

export const cerboNode: NodeSettings = { service: 'cerbo', className: 'Cerbo', credential: 'cerboApi' };
