import { Credentials } from 'n8n-core';
import {
  NodeHelpers,
  Workflow,
  type ICredentialDataDecryptedObject,
  type ICredentialsExpressionResolveValues,
  type ICredentialsHelper,
  type ICredentialType,
  type IDataObject,
  type IHttpRequestOptions,
  type INode,
  type INodeCredentialsDetails,
  type INodeParameters,
  type INodeProperties,
  type INodeTypes,
  type IRequestOptionsSimplified,
  type IWorkflowExecuteAdditionalData,
  type WorkflowExecuteMode,
} from 'n8n-workflow';
import { oAuth2Api } from './oauth2-api';

/** A saved credential, as n8n's database holds it (decrypted). */
export interface StoredCredential {
  id: string;
  name: string;
  type: string;
  data: ICredentialDataDecryptedObject;
}

/** One save n8n-core asked for: a refreshed OAuth2 token answer (`{ oauthTokenData }`), or a whole credential. */
export interface CredentialWrite {
  id: string;
  type: string;
  saved: 'oauthTokenData' | 'data';
  data: ICredentialDataDecryptedObject;
}

/**
 * The credentials a run can use and the types that describe them: what n8n's credentials table and
 * its loaded credential types are to its server. It outlives a run, so a token refreshed in one run is
 * what the next run reads, and `writes` lists every save in order (a rotated refresh token shows there).
 */
export class CredentialStore {
  private readonly types = new Map<string, ICredentialType>();
  private readonly saved = new Map<string, StoredCredential>();
  readonly writes: CredentialWrite[] = [];

  constructor(credentialTypes: ICredentialType[] = []) {
    for (const type of [oAuth2Api, ...credentialTypes]) {
      // n8n runs a credential's preAuthentication (a login that fetches a session token) in its
      // server's credentials helper; none of our credentials has one, and this store does not run it.
      if (type.preAuthentication) throw new Error(`Credential type "${type.name}" has a preAuthentication, which the harness does not run.`);
      this.types.set(type.name, type);
    }
  }

  /** Saves a credential of `type` and answers how a node refers to it. */
  add(type: string, data: ICredentialDataDecryptedObject, name = `${this.type(type).displayName} account`): INodeCredentialsDetails {
    const id = `${type}-${this.saved.size + 1}`;
    this.saved.set(id, { id, name, type, data: structuredClone(data) });
    return { id, name };
  }

  /** The credential as saved now (a copy). */
  get(id: string): StoredCredential {
    const stored = this.saved.get(id);
    if (!stored) throw new Error(`No credential with id "${id}" was saved.`);
    return structuredClone(stored);
  }

  /** The first saved credential of `type`, which a node given no credential of its own is connected to. */
  firstOfType(type: string): StoredCredential | undefined {
    return [...this.saved.values()].find((stored) => stored.type === type);
  }

  type(name: string): ICredentialType {
    const type = this.types.get(name);
    if (!type) throw new Error(`No credential type named "${name}" was given to the store (it has ${[...this.types.keys()].join(', ')}).`);
    return type;
  }

  /** Every type `name` extends, nearest first (`extends: ['oAuth2Api']` gives `['oAuth2Api']`). */
  parentTypes(name: string): string[] {
    const parents = this.type(name).extends ?? [];
    return parents.flatMap((parent) => [parent, ...this.parentTypes(parent)]);
  }

  /** The fields of `name` with its parents' beneath them: a field of the child replaces the parent's of that name. */
  properties(name: string): INodeProperties[] {
    const type = this.type(name);
    const own = new Set(type.properties.map((property) => property.name));
    const inherited = (type.extends ?? []).flatMap((parent) => this.properties(parent)).filter((property) => !own.has(property.name));
    return [...inherited, ...type.properties];
  }

  /** The saved credential a node refers to, checked to be of the type the node asks for. */
  resolve(details: INodeCredentialsDetails, type: string): StoredCredential {
    const stored = details.id === null ? undefined : this.saved.get(details.id);
    if (!stored) throw new Error(`The node refers to credential "${details.name}" (id ${details.id}), which was not saved.`);
    if (stored.type !== type) throw new Error(`Credential "${stored.name}" is a ${stored.type}, not a ${type}.`);
    return stored;
  }

  save(details: INodeCredentialsDetails, type: string, saved: CredentialWrite['saved'], data: ICredentialDataDecryptedObject): void {
    const stored = this.resolve(details, type);
    const written = saved === 'data' ? structuredClone(data) : { oauthTokenData: structuredClone(data.oauthTokenData) };
    stored.data = { ...(saved === 'data' ? {} : stored.data), ...structuredClone(written) };
    this.writes.push({ id: stored.id, type, saved, data: written });
  }
}

/**
 * n8n-core's view of the credentials (`additionalData.credentialsHelper`), over a CredentialStore: it
 * hands a node its credential with the type's defaults filled in and its expressions resolved, signs
 * requests the way the type's `authenticate` says, tells n8n-core which credentials are OAuth2 (by their
 * parents), and saves the token answers n8n-core's OAuth2 refresh gets.
 */
export class StoreCredentialsHelper implements ICredentialsHelper {
  constructor(
    private readonly store: CredentialStore,
    /** For resolving a credential's expressions where no workflow is running (a dropdown's options). */
    private readonly nodeTypes: INodeTypes,
    private readonly placeholderNode: INode,
  ) {}

  getParentTypes(name: string): string[] {
    return this.store.parentTypes(name);
  }

  isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
    const type = this.store.type(credentialType);
    return !type.restrictToSupportedNodes || (type.supportedNodes ?? []).includes(nodeType);
  }

  getCredentialsProperties(type: string): INodeProperties[] {
    return this.store.properties(type);
  }

  async getCredentials(details: INodeCredentialsDetails, type: string): Promise<Credentials> {
    const stored = this.store.resolve(details, type);
    const credentials = new Credentials({ id: stored.id, name: stored.name }, type);
    await credentials.setData(stored.data);
    return credentials;
  }

  /**
   * `raw` is what was saved (n8n-core's OAuth2 refresh compares the saved token with the one it used);
   * otherwise the type's defaults fill what was not saved, and expressions are resolved, `$self` being
   * the credential itself (`authUrl: '={{$self.baseUrl}}/oauth/authorize'`).
   */
  async getDecrypted(
    _additionalData: IWorkflowExecuteAdditionalData,
    details: INodeCredentialsDetails,
    type: string,
    mode: WorkflowExecuteMode,
    _executeData?: unknown,
    raw?: boolean,
    resolveValues?: ICredentialsExpressionResolveValues,
  ): Promise<ICredentialDataDecryptedObject> {
    const { data } = this.store.resolve(details, type);
    if (raw) return structuredClone(data);
    const filled: INodeParameters = NodeHelpers.getNodeParameters(this.store.properties(type), data as INodeParameters, true, false, null, null) ?? {};
    // The token answer is not a field of the type: n8n keeps it beside the fields, whole.
    if (data.oauthTokenData !== undefined) filled.oauthTokenData = structuredClone(data.oauthTokenData) as INodeParameters;
    if (resolveValues) {
      const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } = resolveValues;
      return workflow.expression.getParameterValue(filled, runExecutionData, runIndex, itemIndex, node.name, connectionInputData, mode, {}, undefined, false, filled) as ICredentialDataDecryptedObject;
    }
    const workflow = new Workflow({ nodes: [this.placeholderNode], connections: {}, active: false, nodeTypes: this.nodeTypes });
    return workflow.expression.getComplexParameterValue(this.placeholderNode, filled, mode, {}, undefined, undefined, filled) as ICredentialDataDecryptedObject;
  }

  /**
   * Applies the type's `authenticate`: a function is called; a generic one sets headers, query, body
   * or Basic auth from values that may be expressions over `$credentials`.
   */
  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    typeName: string,
    requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
    workflow?: Workflow,
    node?: INode,
  ): Promise<IHttpRequestOptions> {
    const { authenticate } = this.store.type(typeName);
    const options = { ...requestOptions } as IHttpRequestOptions;
    if (authenticate === undefined) return options;
    if (typeof authenticate === 'function') return await authenticate(credentials, options);
    if (!workflow || !node) throw new Error(`Credential type "${typeName}" resolves expressions, which needs the running workflow and node.`);

    const resolve = (value: IDataObject[string]) =>
      typeof value === 'string'
        ? (workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, value) as IDataObject[string])
        : value;
    const resolveAll = (values: IDataObject): IDataObject => Object.fromEntries(Object.entries(values).map(([key, value]) => [key, resolve(value)]));
    const { headers, qs, body, auth, ...unapplied } = authenticate.properties;
    if (Object.keys(unapplied).length > 0) {
      throw new Error(`Credential type "${typeName}" authenticates with ${Object.keys(unapplied).join(', ')}; the harness applies headers, qs, body and auth.`);
    }
    if (headers) options.headers = { ...options.headers, ...resolveAll(headers) };
    if (qs) options.qs = { ...options.qs, ...resolveAll(qs) };
    if (body) options.body = { ...(options.body as IDataObject | undefined), ...resolveAll(body) };
    if (auth) options.auth = { username: String(resolve(auth.username)), password: String(resolve(auth.password)), sendImmediately: auth.sendImmediately };
    return options;
  }

  /** No type in the store has a preAuthentication (the store refuses them): nothing to add. */
  async preAuthentication(): Promise<undefined> {
    return undefined;
  }

  /** As preAuthentication: n8n-core asks before every OAuth2 request. */
  async runPreAuthentication(): Promise<undefined> {
    return undefined;
  }

  async updateCredentials(details: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
    this.store.save(details, type, 'data', data);
  }

  /** n8n-core's OAuth2 refresh saves the merged token answer here: only `oauthTokenData` is kept. */
  async updateCredentialsOauthTokenData(details: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
    this.store.save(details, type, 'oauthTokenData', data);
  }
}
