/**
 * The five Zaps of `npm start`, run as n8n workflows on the real server: each is imported and published, then
 * started as n8n starts it (a signed delivery to its webhook URL, or its next poll), and every step's outcome is
 * read back from the execution n8n saved.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sandbox } from '../../sandbox';
import { SERVICE_NAMES, type ConnectorName } from '../connectors';
import { bookSergioJob, registerCerboPatient, serebroApi, zap2Patient, zap3Lead } from '../zaps/events';
import type { SectionPlan, StepPlan } from '../zaps/harness';
import { slot, type Item } from '../zaps/zap-run';
import type { N8nContext, ImportedWorkflow } from './context';
import type { ExecutionOutcome, KeptError } from './executions';
import { NODE_TYPES, ZAP_WORKFLOWS, type ZapChoices, type ZapWorkflow } from './workflows';

/** How long a delivery may take to become a finished execution. */
const WEBHOOK_EXECUTION_TIMEOUT_MS = 20_000;
/** n8n polls at most once a minute, at a second of its choosing: the second poll comes within two minutes. */
const POLL_EXECUTION_TIMEOUT_MS = 150_000;

/** Subscriptions the sandbox holds for n8n's webhook URLs. */
export function hooksTo(sandbox: Sandbox, n8nUrl: string): Array<{ service: string; url: string }> {
  const serebro = sandbox.services.serebro.state() as { subscriptions: Array<{ url: string }> };
  const sergio = sandbox.services.sergio.state() as { subscriptions: Array<{ target_url: string }> };
  return [
    ...serebro.subscriptions.map((s) => ({ service: 'Serebro AI', url: s.url })),
    ...sergio.subscriptions.map((s) => ({ service: 'Sergio', url: s.target_url })),
  ].filter((hook) => hook.url.startsWith(`${n8nUrl}/`));
}

/** Calls `attempt` until `again` says its answer is final, for at most `timeoutMs`; the last answer. */
export async function retryWhile<T>(attempt: () => Promise<T>, again: (answer: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let answer = await attempt();
  while (again(answer) && Date.now() < deadline) {
    await sleep(250);
    answer = await attempt();
  }
  return answer;
}

const errorText = (error: KeptError | undefined) => (error ? `${error.name ?? 'Error'}: ${error.message ?? 'no message'}` : 'no error kept');

/** The Zaps' names in the summary table, as `npm start` names them. */
const SHORT_NAMES: Record<keyof typeof ZAP_WORKFLOWS, string> = {
  zap1: 'Zap 1 · Sergio job → Serebro workflow',
  zap2: 'Zap 2 · Cerbo patient → Serebro booking',
  zap3: 'Zap 3 · Serebro lead → Sergio job',
  zap4: 'Zap 4 · Serebro booking → reminders',
  zap5: 'Zap 5 · Serebro deal → tags, lead score',
};

/** What happened in the people's products along the way, handed from one Zap to the next as in `npm start`. */
interface Story {
  tag: string;
  choices?: ZapChoices;
  workflows: Partial<Record<string, { zap: ZapWorkflow; imported: ImportedWorkflow }>>;
  executions: Record<string, ExecutionOutcome>;
  lead?: Item;
  booked?: Item;
}

/** The section of one Zap: import, publish, then its events, triggers and actions. */
function zapSection(context: N8nContext, story: Story, key: keyof typeof ZAP_WORKFLOWS, title: string, events: StepPlan[]): SectionPlan {
  const build = ZAP_WORKFLOWS[key];
  const steps: StepPlan[] = [
    {
      connector: 'n8n',
      operation: 'Import · the Zap as a workflow (REST API)',
      run: async () => {
        if (!story.choices) throw new Error('the dropdown choices were not read');
        const zap = build(story.choices);
        context.requireNodeTypes([...new Set(zap.workflow.nodes.map((node) => node.type))]);
        const imported = await context.importWorkflow(zap.workflow);
        story.workflows[key] = { zap, imported };
        const chains = Object.entries(zap.workflow.connections).length;
        return `workflow ${imported.id}: ${zap.workflow.nodes.length} nodes (${zap.workflow.nodes.map((node) => node.name).join(', ')}), ${chains} connection${chains === 1 ? '' : 's'}`;
      },
    },
    {
      connector: 'n8n',
      operation: 'Publish · n8n activates its triggers',
      run: async () => {
        const { zap, imported } = workflowOf(story, key);
        const before = hooksTo(context.sandbox, context.n8n.url).length;
        const polledBefore = context.counter.byService.cerbo ?? 0;
        const published = Date.now();
        await context.publish(imported);
        const starts = zap.triggers.map((trigger) =>
          trigger.start === 'webhook'
            ? `${trigger.node}: ${SERVICE_NAMES[trigger.connector]} hook subscribed to n8n's webhook URL`
            : `${trigger.node}: polling every minute, first poll made at activation (primes, emits nothing)`,
        );
        const expected = zap.triggers.filter((trigger) => trigger.start === 'webhook').length;
        // n8n activates a published workflow's triggers a moment after answering.
        const hooks = (await retryWhile(async () => hooksTo(context.sandbox, context.n8n.url).length - before, (added) => added < expected, 10_000));
        if (hooks !== expected) throw new Error(`publishing added ${hooks} webhook subscription(s) in the sandbox, expected ${expected}`);
        if (zap.triggers.some((trigger) => trigger.start === 'poll')) {
          // An event raised before the priming poll would be primed away: wait until Cerbo has been asked.
          const polled = await retryWhile(async () => (context.counter.byService.cerbo ?? 0) > polledBefore, (asked) => !asked, 75_000);
          if (!polled) throw new Error('n8n did not poll Cerbo within 75 s of publishing');
          context.note(`first poll ${((Date.now() - published) / 1000).toFixed(1)} s after publishing`);
        }
        return `active; ${starts.join('; ')}`;
      },
    },
    ...events,
  ];
  return { title, short: SHORT_NAMES[key], steps };
}

function workflowOf(story: Story, key: string) {
  const found = story.workflows[key];
  if (!found) throw new Error(`the workflow of ${key} was not imported`);
  return found;
}

/** Waits for the execution a trigger node starts, and says how it started. */
function triggerStep(context: N8nContext, story: Story, key: string, connector: ConnectorName, node: string, describe: (item: Item) => string): StepPlan {
  return {
    connector,
    operation: `Trigger · ${node} → n8n execution`,
    run: async () => {
      const { zap, imported } = workflowOf(story, key);
      const trigger = zap.triggers.find((t) => t.node === node);
      const started = Date.now();
      const execution = await context.execution(imported, node, trigger?.start === 'poll' ? POLL_EXECUTION_TIMEOUT_MS : WEBHOOK_EXECUTION_TIMEOUT_MS);
      story.executions[node] = execution;
      const run = execution.nodes[node];
      if (run.status === 'error') throw new Error(errorText(run.error));
      if (run.items.length !== 1) throw new Error(`${node} put out ${run.items.length} items, expected 1`);
      const how = trigger?.start === 'poll' ? `a poll ${Math.round((Date.now() - started) / 1000)} s after the event` : 'a signed delivery to its webhook URL';
      return `execution ${execution.id} (${execution.mode}, ${execution.status}) started by ${how}: ${describe(run.items[0])}`;
    },
  };
}

/** A node of an execution already read: its outcome as n8n kept it. */
function nodeStep(story: Story, trigger: string, connector: ConnectorName, node: string, operation: string, describe: (item: Item) => string): StepPlan {
  return {
    connector,
    operation: `${operation} · ${node}`,
    run: async () => {
      const execution = story.executions[trigger];
      if (!execution) throw new Error(`no execution of ${trigger}`);
      const run = execution.nodes[node];
      if (!run) throw new Error(`${node} did not run in execution ${execution.id} (${execution.status}: ${errorText(execution.error)})`);
      if (run.status === 'error') throw new Error(errorText(run.error));
      if (run.items.length !== 1) throw new Error(`${node} put out ${run.items.length} items, expected 1`);
      return `${describe(run.items[0])} (${run.ms} ms in execution ${execution.id})`;
    },
  };
}

/** The choices a user makes in the editor's dropdowns, each list loaded by n8n's server with the saved credential. */
function choicesStep(context: N8nContext, story: Story): StepPlan {
  return {
    connector: 'n8n',
    operation: "Dropdowns · the Zaps' choices, loaded by n8n",
    run: async () => {
      const credentials = context.credentialRefs();
      const pick = async (connector: ConnectorName, type: string, method: string, field: string, parameters: Record<string, unknown>, pattern: RegExp) => {
        const choices = await context.options(connector, type, method, `parameters.${field}`, parameters);
        const chosen = choices.find((choice) => pattern.test(choice.name));
        if (!chosen) throw new Error(`the ${field} dropdown (${method}) offered nothing matching ${pattern} among ${choices.length}`);
        return chosen.value;
      };
      const workflowStep = { resource: 'workflow', operation: 'execute_workflow' };
      const booking = { resource: 'appointment', operation: 'create_appointment' };
      const consultation = await pick('serebro', NODE_TYPES.serebro, 'services', 'serviceId', booking, /consult/i);
      const upsert = { resource: 'contact', operation: 'upsert_contact' };
      const mapped = await context.mapperFields('serebro', NODE_TYPES.serebro, 'accountFields', 'parameters.accountFields', upsert);
      const leadScore = mapped.find((field) => field.displayName === 'Lead Score');
      if (!leadScore) throw new Error(`the Custom Fields mapper of Create or Update Contact lists no "Lead Score" among ${mapped.length} fields`);
      const day = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
      story.choices = {
        credentials,
        welcomeWorkflowId: await pick('serebro', NODE_TYPES.serebro, 'workflows', 'workflowId', workflowStep, /welcome/i),
        reminderWorkflowId: await pick('serebro', NODE_TYPES.serebro, 'workflows', 'workflowId', workflowStep, /reminder/i),
        consultationServiceId: consultation,
        consultationStaffId: await pick('serebro', NODE_TYPES.serebro, 'staff', 'staffId', { ...booking, serviceId: consultation }, /./),
        massageServiceId: await pick('serebro', NODE_TYPES.serebro, 'services', 'serviceId', booking, /massage/i),
        pipelineId: await pick('serebro', NODE_TYPES.serebro, 'pipelines', 'pipelineId', { resource: 'opportunity', operation: 'create_opportunity' }, /./),
        leadScore: { key: leadScore.id, schema: mapped },
        exteriorServiceType: await pick('sergio', NODE_TYPES.sergio, 'service_type_list', 'service_type', { resource: 'job', operation: 'create_job' }, /exterior/i),
        runTag: story.tag,
        consultationSlot: slot(4, 15, 45),
        estimateDate: day(5),
      };
      return `workflows "Welcome" and "Reminder", services, staff, pipeline and Sergio service type from the nodes' dropdowns; "Lead Score" among the ${mapped.length} fields of the Custom Fields mapper`;
    },
  };
}

export function zapSections(context: N8nContext, tag: string): SectionPlan[] {
  const story: Story = { tag, workflows: {}, executions: {} };
  const people = context.people;
  const hotTag = `hot-lead-${tag}`;
  let job: { id: string; number: number | string } | undefined;
  let patientId: string | undefined;
  let deal: Item | undefined;
  let canceled: Item | undefined;

  return [
    { title: 'Dropdowns', short: 'Dropdowns', steps: [choicesStep(context, story)] },
    zapSection(context, story, 'zap1', 'Zap 1 · New Sergio job → Find or Create Serebro contact → Execute Serebro workflow → Serebro workflow execution completed', [
      {
        connector: 'sergio',
        operation: 'Event · a dispatcher books a job in Sergio (main API, JWT login)',
        run: async () => {
          job = await bookSergioJob(people, { name: `Jordan Lee ${tag}`, email: `jordan.lee+${tag}@example.com`, phone: '+1 503 555 0142' });
          return `job #${job.number} (${job.id}) booked`;
        },
      },
      triggerStep(context, story, 'zap1', 'sergio', 'New Sergio Job', (item) => {
        if (item.id !== job?.id) throw new Error('the trigger put out another job');
        return `job ${String(item.id)} (#${String(item.number)}, status ${String(item.status)})`;
      }),
      nodeStep(story, 'New Sergio Job', 'serebro', 'Find or Create Contact', 'Find or Create', (item) => `contact ${String(item.id)} ${item.created ? 'created' : 'found'} for ${String(item.email)}`),
      nodeStep(story, 'New Sergio Job', 'serebro', 'Execute Welcome Workflow', 'Action', (item) => `workflow execution ${String(item.id)} ${String(item.status)}`),
      triggerStep(context, story, 'zap1', 'serebro', 'Workflow Execution Completed', (item) => {
        if (item.status !== 'succeeded') throw new Error(`the Serebro workflow ended ${String(item.status)}`);
        return `Serebro workflow execution ${String(item.id)} ${String(item.status)}`;
      }),
    ]),
    zapSection(context, story, 'zap2', 'Zap 2 · New Cerbo patient → Create Serebro contact → Book Serebro appointment', [
      {
        connector: 'cerbo',
        operation: 'Event · the front desk registers a patient (Cerbo API)',
        run: async () => {
          const created = await registerCerboPatient(people, zap2Patient(tag));
          patientId = String(created.id);
          // Health records: the transcript names patients by id only.
          return `patient ${patientId} registered`;
        },
      },
      triggerStep(context, story, 'zap2', 'cerbo', 'New Cerbo Patient', (item) => {
        if (String(item.id) !== patientId) throw new Error('the poll put out another patient');
        return `patient ${String(item.id)}, the only new one since the priming poll`;
      }),
      nodeStep(story, 'New Cerbo Patient', 'serebro', 'Create Contact', 'Create', (item) => `contact ${String(item.id)} created (source ${String(item.source)})`),
      nodeStep(story, 'New Cerbo Patient', 'serebro', 'Book Consultation', 'Action', (item) => `appointment ${String(item.id)} ${String(item.status)} at ${String(item.startTime)}`),
    ]),
    zapSection(context, story, 'zap3', 'Zap 3 · Serebro contact created → Find or Create Sergio customer → Create Sergio job', [
      {
        connector: 'serebro',
        operation: 'Event · a lead fills in a Serebro AI web form',
        run: async () => {
          await people.signInToSerebro();
          story.lead = await serebroApi<Item>(people, 'Adding a Serebro contact', 'POST', '/contacts', zap3Lead(tag));
          return `contact ${String(story.lead.id)} added by the form`;
        },
      },
      triggerStep(context, story, 'zap3', 'serebro', 'New Serebro Contact', (item) => {
        if (item.id !== story.lead?.id) throw new Error('the trigger put out another contact');
        return `contact ${String(item.id)} (source "${String(item.source)}")`;
      }),
      nodeStep(story, 'New Serebro Contact', 'sergio', 'Find or Create Customer', 'Find or Create', (item) => `customer ${String(item.id)} ${item.created ? 'created' : 'found'}`),
      nodeStep(story, 'New Serebro Contact', 'sergio', 'Create Estimate Job', 'Action', (item) => `job #${String(item.number)} (${String(item.id)}) ${String(item.status)} on ${String(item.scheduled_date)} ${String(item.scheduled_time)}`),
    ]),
    zapSection(context, story, 'zap4', 'Zap 4 · Serebro appointment booked → Execute Serebro workflow', [
      {
        connector: 'serebro',
        operation: 'Event · an hour passes: every Serebro AI access token expires',
        run: async () => {
          const response = await fetch(`${context.sandbox.env.SEREBRO_BASE_URL}/_admin/expire-tokens`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
          if (!response.ok) throw new Error(`the sandbox refused to expire tokens (HTTP ${response.status})`);
          const { expired } = (await response.json()) as { expired: number };
          return `${expired} access token(s) expired, n8n's among them: its next Serebro request must refresh`;
        },
      },
      {
        connector: 'serebro',
        operation: 'Event · the lead books a massage in the Serebro AI calendar',
        run: async () => {
          const lead = story.lead;
          if (!lead || !story.choices) throw new Error('no lead from Zap 3');
          await people.signInToSerebro();
          const staff = await serebroApi<{ data: Item[] }>(people, 'Listing Serebro staff', 'GET', '/staff');
          story.booked = await serebroApi<Item>(people, 'Booking in the Serebro calendar', 'POST', '/appointments', {
            contactId: lead.id,
            serviceId: story.choices.massageServiceId,
            staffId: staff.data[staff.data.length - 1]?.id,
            ...slot(6, 17, 60),
            title: 'Massage therapy',
          });
          return `appointment ${String(story.booked.id)} booked for contact ${String(lead.id)}`;
        },
      },
      triggerStep(context, story, 'zap4', 'serebro', 'Appointment Booked', (item) => {
        if (item.id !== story.booked?.id) throw new Error('the trigger put out another appointment');
        return `appointment ${String(item.id)} passed the Service filter`;
      }),
      nodeStep(story, 'Appointment Booked', 'serebro', 'Execute Reminder Workflow', 'Action', (item) => `workflow execution ${String(item.id)} ${String(item.status)}, after n8n refreshed the expired token`),
    ]),
    zapSection(context, story, 'zap5', 'Zap 5 · New Serebro opportunity → Read its contact → Add Tags → Create or Update Contact (Lead Score); appointment canceled → Remove Tags', [
      {
        connector: 'serebro',
        operation: 'Event · a salesperson opens a deal for the lead',
        run: async () => {
          const lead = story.lead;
          if (!lead || !story.choices) throw new Error('no lead from Zap 3');
          const pipelineId = story.choices.pipelineId;
          const pipelines = await serebroApi<{ data: Array<{ id: string; stages: Array<{ id: string; position: number }> }> }>(people, 'Listing Serebro pipelines', 'GET', '/pipelines');
          const stage = pipelines.data.find((pipeline) => pipeline.id === pipelineId)?.stages.sort((a, b) => a.position - b.position)[0];
          deal = await serebroApi<Item>(people, 'Opening a Serebro deal', 'POST', '/opportunities', {
            name: `${String(lead.firstName)} – Annual Membership`,
            pipelineId,
            stageId: stage?.id,
            contactId: lead.id,
            monetaryValue: 1200,
          });
          return `opportunity ${String(deal.id)} for contact ${String(lead.id)}`;
        },
      },
      triggerStep(context, story, 'zap5', 'serebro', 'New Opportunity', (item) => {
        if (item.id !== deal?.id) throw new Error('the trigger put out another opportunity');
        return `opportunity ${String(item.id)} passed the Pipeline filter`;
      }),
      nodeStep(story, 'New Opportunity', 'serebro', 'Read Contact', 'API Request', (item) => {
        const contact = item.data as Item | undefined;
        if (item.status !== 200 || contact?.id !== story.lead?.id) throw new Error(`GET /contacts/… answered ${String(item.status)} with another contact`);
        return `GET /v2/contacts/${String(contact?.id)} answered ${String(item.status)}: the deal's contact, with the email to match on`;
      }),
      nodeStep(story, 'New Opportunity', 'serebro', 'Add Tags', 'Action', (item) => {
        const tags = (item.tags as string[] | undefined) ?? [];
        if (!tags.includes(hotTag) || !tags.includes('vip')) throw new Error(`the contact's tags are ${JSON.stringify(tags)}`);
        return `contact ${String(item.id)} now tagged ${JSON.stringify(tags)}`;
      }),
      nodeStep(story, 'New Opportunity', 'serebro', 'Set Lead Score', 'Create or Update', (item) => {
        const fieldId = story.choices?.leadScore.key.replace(/^cf__/, '');
        const score = (item.customFields as Array<{ id: string; value: unknown }> | undefined)?.find((field) => field.id === fieldId)?.value;
        if (item.new !== false || item.id !== story.lead?.id) throw new Error('the upsert made another contact instead of updating the lead');
        if (score !== 90) throw new Error(`Lead Score is ${JSON.stringify(score)} after the update`);
        return `contact ${String(item.id)} matched by email and updated (new: false): "Lead Score" (${String(story.choices?.leadScore.key)}, from the mapper) is ${String(score)}`;
      }),
      {
        connector: 'serebro',
        operation: 'Event · the lead cancels the visit booked in Zap 4',
        run: async () => {
          if (!story.booked) throw new Error('no appointment from Zap 4');
          canceled = await serebroApi<Item>(people, 'Canceling in the Serebro calendar', 'DELETE', `/appointments/${String(story.booked.id)}`);
          return `appointment ${String(canceled.id)} is ${String(canceled.status)}`;
        },
      },
      triggerStep(context, story, 'zap5', 'serebro', 'Appointment Canceled', (item) => {
        if (item.id !== canceled?.id) throw new Error('the trigger put out another appointment');
        return `appointment ${String(item.id)} (${String(item.status)})`;
      }),
      nodeStep(story, 'Appointment Canceled', 'serebro', 'Remove Tags', 'Action', (item) => {
        const tags = (item.tags as string[] | undefined) ?? [];
        if (tags.includes(hotTag) || !tags.includes('vip')) throw new Error(`the contact's tags are ${JSON.stringify(tags)}`);
        return `"${hotTag}" removed; the other tags stay: ${JSON.stringify(tags)}`;
      }),
    ]),
  ];
}

/** Unpublishes every workflow still active, whatever happened before: n8n removes the hooks it subscribed. */
export function turnOffSection(context: N8nContext): SectionPlan {
  return {
    title: 'Unpublish the workflows',
    short: 'Unpublish',
    independent: true,
    steps: [
      {
        connector: 'n8n',
        operation: 'Unpublish · n8n deactivates the triggers',
        always: true,
        run: async () => {
          const active = context.workflows.filter((workflow) => workflow.active);
          const failures: string[] = [];
          for (const workflow of active) {
            try {
              await context.unpublish(workflow);
            } catch (error) {
              failures.push(`${workflow.name}: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
          if (failures.length) throw new Error(`could not unpublish ${failures.join('; ')}`);
          const session = context.session;
          const left = session ? await retryWhile(async () => hooksTo(context.sandbox, session.url), (hooks) => hooks.length > 0, 10_000) : [];
          if (left.length) throw new Error(`${left.length} webhook subscription(s) to n8n left in the sandbox after unpublishing`);
          return `${active.length} workflow(s) unpublished; no webhook subscription to n8n is left in the sandbox`;
        },
      },
    ],
  };
}
