import type { StepPlan } from './harness';
import { bookSergioJob, type SergioJob } from './events';
import { dataId, dropdown, dropdownName, one, perform, performDelivery, receive, type DropdownChoice } from './steps';
import type { Item, ZapRun } from './zap-run';

/**
 * Zap 1 · a job booked in Sergio makes its customer a Serebro AI contact (found by email, or created)
 * and runs the welcome workflow for them, whose completion is itself a trigger. On the way, a copy of
 * the delivery with a made-up signature is shown to be halted.
 */
export function zap1(zapRun: ZapRun): StepPlan[] {
  const { context, tag } = zapRun;
  const card = context.card.bind(context);
  let job: SergioJob | undefined;
  let jobFromTrigger: Item | undefined;
  let found: Item[] = [];
  let contact: Item | undefined;
  let welcomeExecution: Item | undefined;
  let welcome: DropdownChoice | undefined;
  const steps: StepPlan[] = [
    {
      connector: 'sergio',
      operation: `Turn on · ${card('sergio', 'triggers', 'new_job')} · subscribe`,
      run: () => zapRun.turnOn('sergio', 'new_job'),
    },
    {
      connector: 'serebro',
      operation: `Turn on · ${card('serebro', 'triggers', 'workflow_execution_completed')} · subscribe`,
      run: async () => {
        welcome = await dropdown(context, 'serebro', 'triggers', 'workflow_execution_completed', 'workflowId', {}, (w) =>
          /welcome/i.test(String(w.name)),
        );
        return `${await zapRun.turnOn('serebro', 'workflow_execution_completed', { workflowId: welcome.value })}; Workflow filter "${welcome.label}" from the ${dropdownName(welcome)} dropdown`;
      },
    },
    {
      connector: 'sergio',
      operation: 'Event · a dispatcher books a job in Sergio (main API, JWT login)',
      run: async () => {
        job = await bookSergioJob(context, { name: `Jordan Lee ${tag}`, email: `jordan.lee+${tag}@example.com`, phone: '+1 503 555 0142' });
        return `job #${job.number} (${job.id}): ${job.service_type} on ${job.scheduled_date} ${job.scheduled_time} for ${job.customer.name}`;
      },
    },
    {
      connector: 'sergio',
      operation: `Trigger · ${card('sergio', 'triggers', 'new_job')} · signed delivery → perform`,
      run: async () => {
        if (!job) throw new Error('no job was booked');
        const received = one(await receive(context, zapRun.hook('sergio', 'new_job'), dataId(job.id)), 'job');
        if (received.id !== job.id) throw new Error('the trigger returned another job');
        jobFromTrigger = received;
        return `X-Sergio-Signature verified; job ${String(received.id)} (#${String(received.number)}, status ${String(received.status)}) handed to the next step`;
      },
    },
    {
      connector: 'sergio',
      operation: `Trigger · ${card('sergio', 'triggers', 'new_job')} · a forged delivery`,
      run: async () => {
        const jobHook = zapRun.hook('sergio', 'new_job');
        const delivery = jobHook.lastDelivery;
        if (!delivery) throw new Error('no delivery to imitate');
        // Someone who knows the hook URL but not the signing secret.
        const forged = {
          ...delivery,
          headers: { ...delivery.headers, 'x-sergio-delivery': `evt_forged_${tag}`, 'x-sergio-signature': `sha256=${'0'.repeat(64)}` },
          content: delivery.content.replace(/"price_cents":\d+/, '"price_cents":1'),
        };
        try {
          await performDelivery(context, jobHook, forged);
        } catch (error) {
          if (error instanceof Error && error.name === 'HaltedError') {
            return `a copy with a new delivery id, a changed price and a made-up signature was halted: "${error.message.split('\n')[0].trim()}"`;
          }
          throw error;
        }
        throw new Error('a delivery with a forged signature was accepted');
      },
    },
    {
      connector: 'serebro',
      operation: `Search · ${card('serebro', 'searches', 'find_contact')} · by email`,
      run: async () => {
        const customer = (jobFromTrigger?.customer ?? {}) as Item;
        found = await perform<Item[]>(context, 'serebro', 'searches', 'find_contact', { email: customer.email });
        return found.length ? `found contact ${String(found[0].id)}: no need to create one` : 'no contact with that email yet: Find or Create goes on to create it';
      },
    },
    {
      connector: 'serebro',
      operation: `Create · ${card('serebro', 'creates', 'create_contact')} · (Find or Create)`,
      run: async () => {
        if (found.length) {
          contact = found[0];
          return `skipped by Find or Create: contact ${String(contact.id)} exists`;
        }
        const customer = (jobFromTrigger?.customer ?? {}) as Item;
        const [firstName, ...rest] = String(customer.name ?? '').split(' ');
        contact = await perform<Item>(context, 'serebro', 'creates', 'create_contact', {
          email: customer.email,
          phone: customer.phone,
          firstName,
          lastName: rest.join(' '),
          source: 'Sergio',
          tags: ['window-cleaning', `sergio-job-${String(jobFromTrigger?.number ?? '')}`],
        });
        return `contact ${String(contact.id)} created for ${String(contact.name ?? customer.name)}, tags ${JSON.stringify(contact.tags ?? [])}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Action · ${card('serebro', 'creates', 'execute_workflow')}`,
      run: async () => {
        if (!contact) throw new Error('no contact from the previous step');
        const workflow = await dropdown(context, 'serebro', 'creates', 'execute_workflow', 'workflowId', {}, (w) => /welcome/i.test(String(w.name)));
        welcomeExecution = await perform<Item>(context, 'serebro', 'creates', 'execute_workflow', {
          workflowId: workflow.value,
          contactId: contact.id,
          data: { sergioJob: String(jobFromTrigger?.number ?? ''), serviceType: String(jobFromTrigger?.service_type ?? '') },
        });
        return `"${workflow.label}" (from the ${dropdownName(workflow)} dropdown, ${workflow.offered} published) → execution ${String(welcomeExecution.id)} ${String(welcomeExecution.status)}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Trigger · ${card('serebro', 'triggers', 'workflow_execution_completed')} · delivery → perform`,
      run: async () => {
        if (!welcomeExecution) throw new Error('no workflow execution was started');
        const execution = one(await receive(context, zapRun.hook('serebro', 'workflow_execution_completed'), dataId(welcomeExecution.id)), 'execution');
        if (execution.status !== 'succeeded') throw new Error(`the execution ended ${String(execution.status)}: ${String(execution.error ?? '')}`);
        return `execution ${String(execution.id)} went queued → running → ${String(execution.status)}; X-Serebro-Signature verified`;
      },
    },
  ];
  return steps;
}
