import {
  NodeConnectionTypes,
  NodeOperationError,
  type IDataObject,
  type IExecuteFunctions,
  type IHttpRequestMethods,
  type INodeExecutionData,
  type INodeType,
  type INodeTypeDescription,
} from 'n8n-workflow';

/**
 * The baseline our nodes are measured against: for each input item, one request through n8n's own
 * `httpRequestWithAuthentication` with the credential, and the answer as the item. No input checks,
 * paging, error mapping or retries: a hand-written community node at its leanest. Redirects are not
 * followed, as our runtime's requests do not follow them, so both send the same request.
 */
export class BareRequestNode implements INodeType {
  description: INodeTypeDescription;

  constructor(credentialType: string) {
    this.description = {
      displayName: 'Bare Request',
      name: 'bareRequest',
      group: ['transform'],
      version: 1,
      description: 'One authenticated request per item',
      defaults: { name: 'Bare Request' },
      inputs: [NodeConnectionTypes.Main],
      outputs: [NodeConnectionTypes.Main],
      credentials: [{ name: credentialType, required: true }],
      properties: [
        {
          displayName: 'Method',
          name: 'method',
          type: 'options',
          options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ name: method, value: method })),
          default: 'GET',
        },
        { displayName: 'URL', name: 'url', type: 'string', default: '', required: true },
        { displayName: 'Body', name: 'body', type: 'json', default: '', description: 'Sent as JSON when given' },
      ],
    };
  }

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    // `this` is n8n's execution context, not the node object: the credential's type is the one it is connected to.
    const [credentialType] = Object.keys(this.getNode().credentials ?? {});
    if (!credentialType) throw new NodeOperationError(this.getNode(), 'The Bare Request node is connected to no credential.');
    const output: INodeExecutionData[] = [];
    for (let item = 0; item < this.getInputData().length; item++) {
      const body = this.getNodeParameter('body', item) as string | IDataObject;
      const answer: unknown = await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
        method: this.getNodeParameter('method', item) as IHttpRequestMethods,
        url: this.getNodeParameter('url', item) as string,
        json: true,
        disableFollowRedirect: true,
        ...(body === '' ? {} : { body: typeof body === 'string' ? (JSON.parse(body) as IDataObject) : body }),
      });
      output.push({ json: isRecord(answer) ? answer : { data: answer as IDataObject[string] }, pairedItem: { item } });
    }
    return [output];
  }
}

const isRecord = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);
