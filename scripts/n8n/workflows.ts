/**
 * The five Zaps of `npm start` as n8n workflows, written as n8n's editor saves them: nodes of the three packages
 * with their resource, operation and fields, expressions reading the previous node, and connections. Each is
 * built from the choices a user makes in the editor's dropdowns (a workflow, a service, a pipeline), which the
 * run reads from n8n itself before importing.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectorName } from '../connectors';

export type NodeParameters = Record<string, unknown>;

export interface WorkflowNode {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: NodeParameters;
  credentials?: Record<string, { id: string; name: string }>;
  /** A trigger that receives webhooks: the part of its URL n8n keeps stable across saves. */
  webhookId?: string;
}

export interface Workflow {
  name: string;
  nodes: WorkflowNode[];
  connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
  settings: Record<string, unknown>;
}

/** How n8n starts a workflow once it is published. */
export type Start = 'webhook' | 'poll';

export interface ZapWorkflow {
  /** `zap1` … `zap5`, as in scripts/zaps. */
  key: string;
  workflow: Workflow;
  /** Each trigger node, the service it listens to and how it starts the workflow. */
  triggers: Array<{ node: string; connector: ConnectorName; event: string; start: Start }>;
}

/** The node types of the three packages: `<package>.<node name>`. */
export const NODE_TYPES = {
  serebro: 'n8n-nodes-serebro.serebro',
  serebroTrigger: 'n8n-nodes-serebro.serebroTrigger',
  sergio: 'n8n-nodes-sergio.sergio',
  sergioTrigger: 'n8n-nodes-sergio.sergioTrigger',
  cerbo: 'n8n-nodes-cerbo.cerbo',
  cerboTrigger: 'n8n-nodes-cerbo.cerboTrigger',
} as const;

/** The package and service a node type belongs to. */
export const connectorOfType = (type: string): ConnectorName | undefined =>
  (['serebro', 'sergio', 'cerbo'] as const).find((name) => type.startsWith(`n8n-nodes-${name}.`));

/** The credential of each service, as saved in n8n: `{ [credential type]: { id, name } }`. */
export type CredentialRefs = Record<ConnectorName, Record<string, { id: string; name: string }>>;

/** What the user picks in the editor's dropdowns (read through n8n's own option loading) and types in. */
export interface ZapChoices {
  credentials: CredentialRefs;
  /** Serebro workflows: "Welcome" (Zap 1) and "Reminder" (Zap 4). */
  welcomeWorkflowId: string;
  reminderWorkflowId: string;
  /** Serebro services and staff: a consultation booked in Zap 2, massage visits filtered in Zap 4. */
  consultationServiceId: string;
  consultationStaffId: string;
  massageServiceId: string;
  /** Serebro pipeline whose new deals Zap 5 follows. */
  pipelineId: string;
  /**
   * The contact custom field "Lead Score" as the Custom Fields mapper of Create or Update Contact shows it: its
   * key there, and the fields the mapper listed (the editor saves them with the values).
   */
  leadScore: { key: string; schema: unknown[] };
  /** Sergio's exterior window cleaning service type. */
  exteriorServiceType: string;
  /** Marks what this run creates, as `npm start` does: a tag typed in Zap 5. */
  runTag: string;
  /** When the appointment of Zap 2 starts and ends (ISO), and the day of the Sergio job of Zap 3. */
  consultationSlot: { startTime: string; endTime: string };
  estimateDate: string;
}

const X_STEP = 280;

/** A workflow from its nodes, each chain of node names connected in order. */
function workflowOf(name: string, nodes: Array<Omit<WorkflowNode, 'id' | 'typeVersion' | 'position'>>, chains: string[][]): Workflow {
  const placed: WorkflowNode[] = [];
  const rows = new Map<string, number>();
  chains.forEach((chain, row) => chain.forEach((node) => rows.set(node, rows.get(node) ?? row)));
  const columns = new Map<string, number>();
  for (const chain of chains) chain.forEach((node, column) => columns.set(node, columns.get(node) ?? column));
  for (const node of nodes) {
    placed.push({ id: randomUUID(), typeVersion: 1, position: [X_STEP * (columns.get(node.name) ?? 0), 200 * (rows.get(node.name) ?? 0)], ...node });
  }
  const connections: Workflow['connections'] = {};
  for (const chain of chains) {
    for (let i = 0; i + 1 < chain.length; i += 1) {
      connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
    }
  }
  // Executions are kept whatever their outcome: the run reads every one of them back from n8n.
  return { name, nodes: placed, connections, settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' } };
}

/** A webhook (REST-hook) trigger of Serebro AI or Sergio on `event`, with the event's own fields. */
function hookTrigger(connector: 'serebro' | 'sergio', name: string, event: string, fields: NodeParameters, credentials: CredentialRefs) {
  return {
    name,
    type: connector === 'serebro' ? NODE_TYPES.serebroTrigger : NODE_TYPES.sergioTrigger,
    parameters: { event, ...fields },
    credentials: credentials[connector],
    webhookId: randomUUID(),
  };
}

/** An action node: the operation under its resource, with its fields. */
function action(connector: ConnectorName, name: string, resource: string, operation: string, fields: NodeParameters, credentials: CredentialRefs) {
  return { name, type: NODE_TYPES[connector], parameters: { resource, operation, ...fields }, credentials: credentials[connector] };
}

/** Zap 1 · a job booked in Sergio makes its customer a Serebro contact and runs the welcome workflow, whose completion triggers too. */
export function zap1(choices: ZapChoices): ZapWorkflow {
  const trigger = 'New Sergio Job';
  const completed = 'Workflow Execution Completed';
  return {
    key: 'zap1',
    triggers: [
      { node: trigger, connector: 'sergio', event: 'new_job', start: 'webhook' },
      { node: completed, connector: 'serebro', event: 'workflow_execution_completed', start: 'webhook' },
    ],
    workflow: workflowOf(
      'Zap 1 · New Sergio job → Find or Create Serebro contact → Execute Serebro workflow',
      [
        hookTrigger('sergio', trigger, 'new_job', {}, choices.credentials),
        action(
          'serebro',
          'Find or Create Contact',
          'contact',
          'find_or_create_contact',
          {
            email: '={{ $json.customer.email }}',
            phone: '={{ $json.customer.phone }}',
            firstName: "={{ $json.customer.name.split(' ')[0] }}",
            lastName: "={{ $json.customer.name.split(' ').slice(1).join(' ') }}",
            source: 'Sergio',
            tags: "={{ ['window-cleaning', 'sergio-job-' + $json.number] }}",
          },
          choices.credentials,
        ),
        action(
          'serebro',
          'Execute Welcome Workflow',
          'workflow',
          'execute_workflow',
          {
            workflowId: choices.welcomeWorkflowId,
            contactId: '={{ $json.id }}',
            data: {
              pairs: [
                { key: 'sergioJob', value: `={{ String($('${trigger}').item.json.number) }}` },
                { key: 'serviceType', value: `={{ $('${trigger}').item.json.service_type }}` },
              ],
            },
          },
          choices.credentials,
        ),
        hookTrigger('serebro', completed, 'workflow_execution_completed', { workflowId: choices.welcomeWorkflowId }, choices.credentials),
      ],
      [[trigger, 'Find or Create Contact', 'Execute Welcome Workflow'], [completed]],
    ),
  };
}

/** Zap 2 · a patient registered in Cerbo (polled) becomes a Serebro contact with a consultation booked. */
export function zap2(choices: ZapChoices): ZapWorkflow {
  const trigger = 'New Cerbo Patient';
  return {
    key: 'zap2',
    triggers: [{ node: trigger, connector: 'cerbo', event: 'new_patient', start: 'poll' }],
    workflow: workflowOf(
      'Zap 2 · New Cerbo patient → Create Serebro contact → Book Serebro appointment',
      [
        {
          name: trigger,
          type: NODE_TYPES.cerboTrigger,
          // n8n polls at most once a minute.
          parameters: { event: 'new_patient', pollTimes: { item: [{ mode: 'everyMinute' }] } },
          credentials: choices.credentials.cerbo,
        },
        action(
          'serebro',
          'Create Contact',
          'contact',
          'create_contact',
          {
            firstName: '={{ $json.first_name }}',
            lastName: '={{ $json.last_name }}',
            email: '={{ $json.email1 }}',
            phone: '={{ $json.phone_mobile }}',
            source: 'Cerbo',
            tags: ['patient'],
          },
          choices.credentials,
        ),
        action(
          'serebro',
          'Book Consultation',
          'appointment',
          'create_appointment',
          {
            contactId: '={{ $json.id }}',
            serviceId: choices.consultationServiceId,
            staffId: choices.consultationStaffId,
            startTime: choices.consultationSlot.startTime,
            endTime: choices.consultationSlot.endTime,
            title: 'Initial consultation',
          },
          choices.credentials,
        ),
      ],
      [[trigger, 'Create Contact', 'Book Consultation']],
    ),
  };
}

/** Zap 3 · a lead from a Serebro web form becomes a Sergio customer with a job for the free estimate. */
export function zap3(choices: ZapChoices): ZapWorkflow {
  const trigger = 'New Serebro Contact';
  const lead = (field: string) => `={{ $('${trigger}').item.json.${field} }}`;
  return {
    key: 'zap3',
    triggers: [{ node: trigger, connector: 'serebro', event: 'contact_created', start: 'webhook' }],
    workflow: workflowOf(
      'Zap 3 · Serebro contact created → Find or Create Sergio customer → Create Sergio job',
      [
        hookTrigger('serebro', trigger, 'contact_created', {}, choices.credentials),
        action(
          'sergio',
          'Find or Create Customer',
          'customer',
          'find_or_create_customer',
          {
            email: '={{ $json.email }}',
            name: '={{ $json.name }}',
            phone: '={{ $json.phone }}',
            street: '={{ $json.address1 }}',
            city: '={{ $json.city }}',
            state: '={{ $json.state }}',
            zip: '={{ $json.postalCode }}',
          },
          choices.credentials,
        ),
        action(
          'sergio',
          'Create Estimate Job',
          'job',
          'create_job',
          {
            customer_id: '={{ $json.id }}',
            service_type: choices.exteriorServiceType,
            scheduled_date: choices.estimateDate,
            scheduled_time: '10:00',
            street: lead('address1'),
            city: lead('city'),
            state: lead('state'),
            zip: lead('postalCode'),
            notes: 'Free estimate requested on the website.',
          },
          choices.credentials,
        ),
      ],
      [[trigger, 'Find or Create Customer', 'Create Estimate Job']],
    ),
  };
}

/** Zap 4 · a massage visit booked in Serebro runs the reminder workflow (the access token expires on the way). */
export function zap4(choices: ZapChoices): ZapWorkflow {
  const trigger = 'Appointment Booked';
  return {
    key: 'zap4',
    triggers: [{ node: trigger, connector: 'serebro', event: 'appointment_booked', start: 'webhook' }],
    workflow: workflowOf(
      'Zap 4 · Serebro appointment booked → Execute Serebro workflow',
      [
        hookTrigger('serebro', trigger, 'appointment_booked', { serviceId: choices.massageServiceId }, choices.credentials),
        action(
          'serebro',
          'Execute Reminder Workflow',
          'workflow',
          'execute_workflow',
          { workflowId: choices.reminderWorkflowId, contactId: '={{ $json.contactId }}', data: { pairs: [{ key: 'appointmentId', value: '={{ $json.id }}' }] } },
          choices.credentials,
        ),
      ],
      [[trigger, 'Execute Reminder Workflow']],
    ),
  };
}

/** Zap 5 · a new deal tags its contact and sets its Lead Score by email; a canceled visit removes the tag. */
export function zap5(choices: ZapChoices): ZapWorkflow {
  const opened = 'New Opportunity';
  const canceled = 'Appointment Canceled';
  const hotTag = `hot-lead-${choices.runTag}`;
  return {
    key: 'zap5',
    triggers: [
      { node: opened, connector: 'serebro', event: 'opportunity_created', start: 'webhook' },
      { node: canceled, connector: 'serebro', event: 'appointment_canceled', start: 'webhook' },
    ],
    workflow: workflowOf(
      'Zap 5 · New Serebro opportunity → Read its contact → Add Tags → Create or Update Contact; appointment canceled → Remove Tags',
      [
        hookTrigger('serebro', opened, 'opportunity_created', { pipelineId: choices.pipelineId }, choices.credentials),
        // An opportunity names its contact by id only; Create or Update Contact finds the contact by email.
        action('serebro', 'Read Contact', 'apiRequest', 'api_request', { method: 'GET', path: '=/contacts/{{ $json.contactId }}' }, choices.credentials),
        action('serebro', 'Add Tags', 'contact', 'add_contact_tags', { contactId: '={{ $json.data.id }}', tags: ['vip', hotTag] }, choices.credentials),
        action(
          'serebro',
          'Set Lead Score',
          'contact',
          'upsert_contact',
          {
            email: "={{ $('Read Contact').item.json.data.email }}",
            // As the editor saves the Custom Fields mapper: the values filled in, and the fields it was shown.
            accountFields: {
              mappingMode: 'defineBelow',
              value: { [choices.leadScore.key]: 90 },
              matchingColumns: [],
              schema: choices.leadScore.schema,
              attemptToConvertTypes: false,
              convertFieldsToString: false,
            },
          },
          choices.credentials,
        ),
        hookTrigger('serebro', canceled, 'appointment_canceled', {}, choices.credentials),
        action('serebro', 'Remove Tags', 'contact', 'remove_contact_tags', { contactId: '={{ $json.contactId }}', tags: [hotTag] }, choices.credentials),
      ],
      [
        [opened, 'Read Contact', 'Add Tags', 'Set Lead Score'],
        [canceled, 'Remove Tags'],
      ],
    ),
  };
}

/** The builders by the key of the Zap each stands for. */
export const ZAP_WORKFLOWS = { zap1, zap2, zap3, zap4, zap5 };

/**
 * A workflow that fails on purpose, to show how n8n receives a node's error: n8n's own Webhook node starts it,
 * and Sergio's Create Job asks for a customer the account does not have.
 */
export function failingOnPurpose(credentials: CredentialRefs, path: string): Workflow {
  return workflowOf(
    'Check · a Sergio job for a customer that does not exist (fails on purpose)',
    [
      { name: 'Webhook', type: 'n8n-nodes-base.webhook', parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, webhookId: path },
      action(
        'sergio',
        'Create Job',
        'job',
        'create_job',
        {
          customer_id: 'cus_does_not_exist',
          service_type: 'exterior_windows',
          scheduled_date: '2030-01-15',
          scheduled_time: '09:30',
          street: '1 Main St',
          city: 'Portland',
          state: 'OR',
          zip: '97201',
        },
        credentials,
      ),
    ],
    [['Webhook', 'Create Job']],
  );
}
