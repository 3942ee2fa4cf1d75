/**
 * The action nodes' descriptions, derived from the connectors' operation lists: what a user sees in the
 * n8n editor (resources, operations, fields, their types, required flags, dropdowns) and what an
 * operation added to a connector brings to its node with no other change.
 */
import { Workflow, type INode, type INodeParameters, type INodeProperties, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';
import type { PlainInputField } from 'zapier-platform-core';
import type { Connector, OperationModule } from '../../kit/connector';
import { defineCreate } from '../../kit/define';
import { operations as cerbo } from '../../connectors/cerbo/operations';
import { operations as serebro } from '../../connectors/serebro/operations';
import { operations as sergio } from '../../connectors/sergio/operations';
import { describeNode } from '../runtime/describe';
import { describeTrigger } from '../runtime/trigger-describe';
import { nodeOperations } from '../runtime/node-operations';
import { htmlOf, n8nSentences } from '../runtime/words';
import { cerboNode, serebroNode, sergioNode } from '../runtime/nodes';

/** Whether a parameter is shown for the operation of this value (unique in a node: the operation's key). */
const isShownFor = (operation: string) => (property: INodeProperties) => Boolean(property.displayOptions?.show?.operation?.includes(operation));

/** The parameter `name` shown for one operation. */
function parameter(description: INodeTypeDescription, operation: string, name: string): INodeProperties {
  const found = description.properties.filter(isShownFor(operation)).find((property) => property.name === name);
  if (!found) throw new Error(`no parameter ${name} for ${operation}`);
  return found;
}

/** The names of the parameters shown for one operation, in order. */
const parametersOf = (description: INodeTypeDescription, operation: string) => description.properties.filter(isShownFor(operation)).map((property) => property.name);

/** The options of the Operation parameter of a resource. */
function operationsOf(description: INodeTypeDescription, resource: string): INodePropertyOptions[] {
  const property = description.properties.find((candidate) => candidate.name === 'operation' && candidate.displayOptions?.show?.resource?.includes(resource));
  return (property?.options ?? []) as INodePropertyOptions[];
}

let nodes: { serebro: INodeTypeDescription; sergio: INodeTypeDescription; cerbo: INodeTypeDescription };

beforeAll(async () => {
  nodes = {
    serebro: await describeNode(serebro, serebroNode),
    sergio: await describeNode(sergio, sergioNode),
    cerbo: await describeNode(cerbo, cerboNode),
  };
});

describe('the node', () => {
  it('is named, drawn and connected as n8n expects, with its credential and as a tool for AI agents', () => {
    const node = nodes.serebro;
    expect(node).toMatchObject({
      displayName: 'Serebro AI',
      name: 'serebro',
      icon: { light: 'file:serebro.svg', dark: 'file:serebro.dark.svg' },
      group: ['transform'],
      version: 1,
      defaults: { name: 'Serebro AI' },
      inputs: ['main'],
      outputs: ['main'],
      usableAsTool: true,
      credentials: [{ name: 'serebroOAuth2Api', required: true }],
    });
    expect(node.description).toBe('Contacts, workflows, appointments, opportunities and API requests in Serebro AI');
    expect(nodes.sergio).toMatchObject({ displayName: 'Sergio', name: 'sergio', icon: { light: 'file:sergio.svg', dark: 'file:sergio.dark.svg' }, credentials: [{ name: 'sergioApi', required: true }] });
    expect(nodes.cerbo).toMatchObject({ displayName: 'Cerbo', name: 'cerbo', icon: { light: 'file:cerbo.svg', dark: 'file:cerbo.dark.svg' }, credentials: [{ name: 'cerboApi', required: true }] });
  });

  it('says on the canvas what it does, by the operation\'s or the event\'s label, as n8n\'s editor works the subtitle out', async () => {
    /** The subtitle as the editor computes it: the description's expression, evaluated by n8n-workflow over the node's parameters. */
    const shown = (description: INodeTypeDescription, parameters: INodeParameters) => {
      const node: INode = { id: 'node', name: description.displayName, type: description.name, typeVersion: 1, position: [0, 0], parameters };
      const nodeType = { description };
      const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
      const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
      return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
    };
    expect(shown(nodes.sergio, { resource: 'job', operation: 'create_job' })).toBe('Create a job');
    expect(shown(nodes.serebro, { resource: 'contact', operation: 'find_or_create_contact' })).toBe('Find or create a contact');
    for (const description of Object.values(nodes)) {
      const options = description.properties.filter((property) => property.name === 'operation').flatMap((property) => property.options as INodePropertyOptions[]);
      for (const option of options) expect(shown(description, { operation: option.value })).toBe(option.action);
    }
    const trigger = await describeTrigger(sergio, sergioNode);
    if (!trigger) throw new Error('Sergio has a trigger node');
    expect(shown(trigger, { event: 'job_status_changed' })).toBe('Job Status Changed');
    expect(shown(trigger, { event: 'not_an_event' })).toBe('');
  });

  it('offers the step deadline as an option, 60 seconds unless changed', () => {
    const options = nodes.sergio.properties.find((property) => property.name === 'options');
    expect(options).toMatchObject({ type: 'collection', default: {} });
    // On every operation.
    expect(options?.displayOptions).toBeUndefined();
    expect(options?.options).toEqual([expect.objectContaining({ name: 'timeout', type: 'number', default: 60, typeOptions: { minValue: 1 } })]);
  });
});

describe('resources and operations', () => {
  it('has a resource per noun acted on, alphabetized as n8n lists five or more, API Request its own', () => {
    const resource = nodes.serebro.properties[0];
    expect(resource).toMatchObject({ name: 'resource', type: 'options', noDataExpression: true, default: 'contact' });
    expect(resource.options).toEqual([
      { name: 'API Request', value: 'apiRequest' },
      { name: 'Appointment', value: 'appointment' },
      { name: 'Contact', value: 'contact' },
      { name: 'Opportunity', value: 'opportunity' },
      { name: 'Workflow', value: 'workflow' },
    ]);
    // Three resources keep the connector's order.
    expect(nodes.sergio.properties[0].options).toEqual([
      { name: 'Job', value: 'job' },
      { name: 'Customer', value: 'customer' },
      { name: 'API Request', value: 'apiRequest' },
    ]);
  });

  it('names each create and search in n8n\'s words, with its action and the connector\'s description', () => {
    expect(operationsOf(nodes.serebro, 'contact')).toEqual([
      { name: 'Add Tags', value: 'add_contact_tags', action: 'Add tags to a contact', description: 'Adds tags to a contact in Serebro AI, keeping the tags it already has' },
      { name: 'Create', value: 'create_contact', action: 'Create a contact', description: 'Creates a new contact in Serebro AI' },
      {
        name: 'Create or Update',
        value: 'upsert_contact',
        action: 'Create or update a contact',
        description: 'Creates a contact in Serebro AI, or updates the one with the same email or phone',
      },
      { name: 'Find', value: 'find_contact', action: 'Find a contact', description: 'Finds a contact in Serebro AI by email, phone or name' },
      {
        name: 'Find or Create',
        value: 'find_or_create_contact',
        action: 'Find or create a contact',
        description: 'Finds a contact by email, phone or name, and creates it when none matches',
      },
      { name: 'Remove Tags', value: 'remove_contact_tags', action: 'Remove tags from a contact', description: 'Removes tags from a contact in Serebro AI, keeping its other tags' },
      { name: 'Update', value: 'update_contact', action: 'Update a contact', description: 'Updates an existing contact in Serebro AI' },
    ]);
    expect(operationsOf(nodes.serebro, 'workflow').map((option) => option.action)).toEqual(['Execute a workflow']);
    expect(operationsOf(nodes.serebro, 'appointment').map((option) => option.action)).toEqual(['Create an appointment', 'Cancel an appointment']);
    expect(operationsOf(nodes.serebro, 'apiRequest')).toEqual([
      { name: 'Send', value: 'api_request', action: 'Send an API request', description: 'Sends an authenticated request to the Serebro AI API (advanced)' },
    ]);
    expect(operationsOf(nodes.cerbo, 'patient').map((option) => option.name)).toEqual(['Create', 'Update', 'Find', 'Find or Create']);
  });

  it('makes no operation of a trigger: hidden ones fill dropdowns, visible ones are for a trigger node', async () => {
    const operations = await nodeOperations(serebro, serebroNode);
    const keys = operations.flatMap((operation) => [operation.create?.default.key, operation.search?.default.key]);
    for (const trigger of serebro.triggers) expect(keys).not.toContain(trigger.default.key);
    expect(operations).toHaveLength(serebro.creates.length + serebro.searches.length + serebro.findOrCreate.length);
    const methods = new Set(nodes.serebro.properties.map((property) => property.typeOptions?.loadOptionsMethod).filter(Boolean));
    expect([...methods].sort()).toEqual(['appointments', 'contacts', 'locations', 'opportunities', 'pipelines', 'services', 'staff', 'stages', 'tags', 'workflows']);
  });
});

describe('fields', () => {
  it('take the type the connector gives them, shown for their operation alone', () => {
    const job = (name: string) => parameter(nodes.sergio, 'create_job', name);
    expect(job('scheduled_date')).toMatchObject({ displayName: 'Scheduled Date', type: 'string', default: '', required: true });
    expect(job('notes')).toMatchObject({ type: 'string', typeOptions: { rows: 4 }, description: 'Shown to the crew, e.g. gate codes or pets' });
    expect(job('notes').required).toBeUndefined();
    // An empty number stays empty: a 0 would be sent.
    expect(job('price_cents')).toMatchObject({ type: 'number', typeOptions: { numberPrecision: 0 }, default: null });
    expect(job('street').displayOptions).toEqual({ show: { resource: ['job'], operation: ['create_job'] } });
    expect(parameter(nodes.serebro, 'update_opportunity', 'monetaryValue')).toMatchObject({ type: 'number', default: null });
    expect(parameter(nodes.serebro, 'create_appointment', 'startTime')).toMatchObject({ type: 'dateTime', required: true, default: '' });
    expect(parameter(nodes.cerbo, 'create_appointment', 'end_date_time')).toMatchObject({ type: 'dateTime', required: true });
    expect(parameter(nodes.serebro, 'upsert_contact', 'copy')).toMatchObject({ type: 'notice', default: '' });
    expect(parameter(nodes.sergio, 'create_customer', 'email')).toMatchObject({ type: 'string', placeholder: 'name@email.com' });
  });

  it('keep the API Request\'s method, path, query pairs and JSON body', () => {
    const send = (name: string) => parameter(nodes.cerbo, 'api_request', name);
    expect(send('method')).toMatchObject({ type: 'options', required: true, default: 'GET' });
    expect(send('method').options).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((method) => ({ name: method, value: method })));
    expect(send('path')).toMatchObject({ type: 'string', required: true });
    // Cerbo's base names a placeholder in angle brackets: escaped, or the editor would read it as a tag.
    expect(send('path').description).toContain('<code>https://&lt;subdomain&gt;.md-hq.com/api/v1</code>');
    expect(send('query')).toMatchObject({ type: 'fixedCollection', typeOptions: { multipleValues: true }, default: {} });
    expect(send('body')).toMatchObject({ type: 'json', default: '' });
  });

  it('offer an optional choice of fixed values with nothing chosen first, a required one without', () => {
    const sex = (operation: string) => parameter(nodes.cerbo, `${operation}_patient`, 'sex');
    expect(sex('create')).toMatchObject({ required: true, default: 'M' });
    expect(sex('create').options).toEqual([
      { name: 'Male', value: 'M' },
      { name: 'Female', value: 'F' },
      { name: 'Unknown', value: 'unknown' },
    ]);
    expect(sex('update')).toMatchObject({ default: '' });
    expect(sex('update').required).toBeUndefined();
    expect(sex('update').options).toEqual([
      { name: '(Not Set)', value: '' },
      { name: 'Male', value: 'M' },
      { name: 'Female', value: 'F' },
      { name: 'Unknown', value: 'unknown' },
    ]);
  });

  it('are dropdowns filled by the hidden trigger they name, with n8n\'s label and hint for one', () => {
    expect(parameter(nodes.sergio, 'create_job', 'customer_id')).toMatchObject({
      displayName: 'Customer Name or ID',
      type: 'options',
      required: true,
      default: '',
      typeOptions: { loadOptionsMethod: 'customer_list' },
      description:
        'The customer the job is for. To use one from an earlier step by email or phone, add a Find Customer search. ' +
        'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
    });
    expect(parameter(nodes.cerbo, 'create_appointment', 'provider_ids')).toMatchObject({
      displayName: 'Provider Names or IDs',
      type: 'multiOptions',
      required: true,
      default: [],
      typeOptions: { loadOptionsMethod: 'providers' },
    });
  });

  it('reload a dropdown when an input its trigger reads changes: the Location, and the pipeline for stages', () => {
    const dependsOn = (operation: string, name: string) => parameter(nodes.serebro, `${operation}_opportunity`, name).typeOptions?.loadOptionsDependsOn;
    expect(dependsOn('create', 'stageId')).toEqual(['pipelineId', 'locationId']);
    expect(dependsOn('update', 'stageId')).toEqual(['pipelineId', 'locationId']);
    expect(dependsOn('create', 'contactId')).toEqual(['locationId']);
    expect(dependsOn('create', 'pipelineId')).toEqual(['locationId']);
    // The Locations themselves are the Agency's, in no Location.
    expect(dependsOn('create', 'locationId')).toBeUndefined();
    expect(parameter(nodes.sergio, 'create_job', 'customer_id').typeOptions?.loadOptionsDependsOn).toBeUndefined();
  });

  it('put Serebro\'s Location on every operation, first, not required, saying Agency connections need it', async () => {
    const operations = await nodeOperations(serebro, serebroNode);
    for (const { value } of operations) {
      expect(parametersOf(nodes.serebro, value)[0]).toBe('locationId');
      const location = parameter(nodes.serebro, value, 'locationId');
      expect(location).toMatchObject({ displayName: 'Location Name or ID', type: 'options', typeOptions: { loadOptionsMethod: 'locations' } });
      expect(location.required).toBeUndefined();
      expect(location.description).toMatch(/^The Location \(sub-account\) this step works in\. Required for Agency connections; leave it empty with Location connections\./);
    }
    expect(parametersOf(nodes.sergio, 'create_job')).not.toContain('locationId');
  });

  it('show the custom fields read from the account in one resource mapper, not as parameters of their own, keeping Custom Fields by ID', async () => {
    const names = nodes.serebro.properties.map((property) => property.name);
    expect(names.filter((name) => name.startsWith('cf__'))).toEqual([]);
    expect(parameter(nodes.serebro, 'update_contact', 'customFields')).toMatchObject({ type: 'fixedCollection' });
    const operations = await nodeOperations(serebro, serebroNode);
    const computed = operations.filter((operation) => operation.accountFields).map((operation) => operation.value);
    expect(computed).toEqual([
      'create_contact',
      'update_contact',
      'upsert_contact',
      'create_opportunity',
      'update_opportunity',
      'find_or_create_contact',
      'find_or_create_opportunity',
    ]);
  });
});

describe('custom fields by name: one resource mapper per operation that sets them', () => {
  it('sits where the connector lists the fields, before Custom Fields by ID, and is read again when the operation or the Location changes', () => {
    expect(parametersOf(nodes.serebro, 'update_opportunity').slice(-2)).toEqual(['status', 'accountFields']);
    const contact = parametersOf(nodes.serebro, 'create_contact');
    expect(contact.slice(contact.indexOf('country'))).toEqual(['country', 'accountFields', 'customFields']);
    expect(parameter(nodes.serebro, 'create_contact', 'accountFields')).toEqual({
      displayName: 'Custom Fields',
      name: 'accountFields',
      type: 'resourceMapper',
      noDataExpression: true,
      typeOptions: {
        loadOptionsDependsOn: ['operation', 'locationId'],
        resourceMapper: {
          resourceMapperMethod: 'accountFields',
          mode: 'add',
          fieldWords: { singular: 'custom field', plural: 'custom fields' },
          addAllFields: true,
          supportAutoMap: false,
        },
      },
      displayOptions: { show: { resource: ['contact'], operation: ['create_contact'] } },
      default: { mappingMode: 'defineBelow', value: null },
      description: 'Custom fields as the account defines them, by name. Empty ones are not sent.',
    });
    expect(parameter(nodes.serebro, 'update_contact', 'customFields').description).toBe(
      "Custom field values by custom field ID (ID on the left, value on the right). The Location's custom fields appear by name in Custom Fields above: use this only for a field not listed there.",
    );
  });

  it('is on no operation whose fields are all known offline (Sergio, Cerbo, Serebro\'s searches)', () => {
    const mappers = (description: INodeTypeDescription) => description.properties.filter((property) => property.type === 'resourceMapper');
    expect(mappers(nodes.sergio)).toEqual([]);
    expect(mappers(nodes.cerbo)).toEqual([]);
    expect(parametersOf(nodes.serebro, 'find_contact')).not.toContain('accountFields');
    expect(mappers(nodes.serebro).map((property) => property.displayOptions?.show?.operation?.[0])).toEqual([
      'create_contact',
      'update_contact',
      'upsert_contact',
      'create_opportunity',
      'update_opportunity',
      'find_or_create_contact',
      'find_or_create_opportunity',
    ]);
  });
});

describe('Find or Create', () => {
  it('asks for the search\'s fields, then the create\'s, a field both have once', () => {
    expect(parametersOf(nodes.sergio, 'find_customer')).toEqual(['email', 'phone', 'name', 'returnAll', 'limit']);
    expect(parametersOf(nodes.sergio, 'create_customer')).toEqual(['name', 'email', 'phone', 'street', 'city', 'state', 'zip']);
    expect(parametersOf(nodes.sergio, 'find_or_create_customer')).toEqual(['email', 'phone', 'name', 'street', 'city', 'state', 'zip']);
    // The search's field is the one shown: a name to match need not be a full one.
    expect(parameter(nodes.sergio, 'find_or_create_customer', 'name').description).toBe(parameter(nodes.sergio, 'find_customer', 'name').description);
    expect(parametersOf(nodes.cerbo, 'find_or_create_patient')).toEqual([
      'first_name',
      'last_name',
      'email',
      'dob',
      'sex',
      'email1',
      'phone_mobile',
      'address1',
      'city',
      'state',
      'zip',
    ]);
  });

  it('runs the search, then the create', async () => {
    const [pair] = (await nodeOperations(sergio, sergioNode)).filter((operation) => operation.kind === 'findOrCreate');
    expect(pair.search?.default.key).toBe('find_customer');
    expect(pair.create?.default.key).toBe('create_customer');
    expect(pair.lists).toBe(false);
  });
});

describe('lists', () => {
  it('are the searches: Return All, and Limit (50) while not all; creates and Find or Create return one item', async () => {
    expect(parameter(nodes.serebro, 'find_contact', 'returnAll')).toMatchObject({ type: 'boolean', default: false });
    expect(parameter(nodes.serebro, 'find_contact', 'limit')).toMatchObject({
      type: 'number',
      default: 50,
      typeOptions: { minValue: 1 },
      displayOptions: { show: { resource: ['contact'], operation: ['find_contact'], returnAll: [false] } },
    });
    const operations = [
      ...(await nodeOperations(serebro, serebroNode)),
      ...(await nodeOperations(sergio, sergioNode)),
      ...(await nodeOperations(cerbo, cerboNode)),
    ];
    for (const operation of operations) {
      expect(operation.lists).toBe(operation.kind === 'search');
    }
    expect(parametersOf(nodes.serebro, 'create_contact')).not.toContain('returnAll');
    expect(parametersOf(nodes.serebro, 'find_or_create_contact')).not.toContain('limit');
  });
});

describe('an operation added to a connector\'s list', () => {
  /** A throwaway Archive Job, with these input fields. */
  const archiveJobWith = (inputFields: PlainInputField[], key = 'archive_job'): OperationModule => ({
    default: defineCreate({
      key,
      noun: 'Job',
      display: { label: 'Archive Job', description: 'Archives a finished job in Sergio.' },
      operation: { inputFields, perform: async () => ({ id: 'job_1' }), sample: { id: 'job_1' } },
    }),
    // Any schema of a record with an id: the node does not read it.
    schema: sergio.creates[0].schema,
  });
  const archiveJob = archiveJobWith([
    { key: 'job_id', label: 'Job', required: true, helpText: 'The job to archive.' },
    { key: 'reason', label: 'Reason', type: 'text' },
  ]);

  it('appears in its node, with its fields, and nothing else changes', async () => {
    const withArchive: Connector = { ...sergio, creates: [...sergio.creates, archiveJob] };
    const node = await describeNode(withArchive, sergioNode);
    expect(operationsOf(node, 'job')).toEqual([
      ...operationsOf(nodes.sergio, 'job'),
      { name: 'Archive', value: 'archive_job', action: 'Archive a job', description: 'Archives a finished job in Sergio' },
    ]);
    expect(parameter(node, 'archive_job', 'job_id')).toMatchObject({ displayName: 'Job', type: 'string', required: true, description: 'The job to archive' });
    expect(parameter(node, 'archive_job', 'reason')).toMatchObject({ type: 'string', typeOptions: { rows: 4 } });
    const added = isShownFor('archive_job');
    const withoutOperationList = (properties: INodeProperties[]) => properties.filter((property) => property.name !== 'operation' || !property.displayOptions?.show?.resource?.includes('job'));
    expect(withoutOperationList(node.properties.filter((property) => !added(property)))).toEqual(withoutOperationList(nodes.sergio.properties));
  });

  it('is refused when the node could not show it, naming it', async () => {
    const withFile: Connector = {
      ...sergio,
      creates: [
        ...sergio.creates,
        archiveJobWith([{ key: 'photo', label: 'Photo', type: 'file' }]),
      ],
    };
    await expect(describeNode(withFile, sergioNode)).rejects.toThrow("Field 'photo' of Job Archive is a file, which the n8n node cannot take yet.");
    const twice: Connector = { ...sergio, creates: [...sergio.creates, archiveJob, archiveJobWith([], 'archive_job_again')] };
    await expect(describeNode(twice, sergioNode)).rejects.toThrow('Two operations of Job are both called "Archive": archive_job and archive_job_again.');
    const shadowing: Connector = {
      ...sergio,
      creates: [...sergio.creates, archiveJobWith([{ key: 'limit' }])],
    };
    await expect(describeNode(shadowing, sergioNode)).rejects.toThrow("its field 'limit' has a name the node uses for its own parameter");
  });
});

describe('text as n8n shows it', () => {
  it('ends several sentences with a period and one without, as n8n\'s lint counts them', () => {
    expect(n8nSentences('The contact to tag.')).toBe('The contact to tag');
    expect(n8nSentences('Preferably in E.164 form, e.g. +13125550101.')).toBe('Preferably in E.164 form, e.g. +13125550101');
    expect(n8nSentences('Must be after the start', 'Required for Agency connections')).toBe('Must be after the start. Required for Agency connections.');
    expect(n8nSentences(undefined, '')).toBeUndefined();
  });

  it('escapes what the editor would read as HTML and keeps code as code', () => {
    expect(htmlOf('Base `https://<subdomain>.md-hq.com` & more')).toBe('Base <code>https://&lt;subdomain&gt;.md-hq.com</code> &amp; more');
  });
});
