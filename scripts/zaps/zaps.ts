import type { DemoContext, SectionPlan, StepPlan } from './harness';
import { connectSteps } from './connect';
import { bookSergioJob, registerCerboPatient, serebroApi, type SergioJob } from './events';
import { zap5 } from './zap5';
import { dataId, Dedupe, dropdown, one, perform, performDelivery, poll, receive, subscribe, unsubscribe, type DropdownChoice, type Hook } from './steps';

/**
 * The Zaps `npm start` runs, each as Zapier runs it: turned on (REST hooks subscribed, polling
 * deduplication primed), triggered by something a person does in a product, then its actions
 * performed with dropdowns filled from the connectors' hidden triggers. All hooks are turned off at
 * the end, whatever happened before.
 */

type Item = Record<string, unknown>;

/** A time `days` from now at `hour`:00 UTC, free in the sandbox's seeded calendars. */
const slot = (days: number, hour: number, minutes: number) => {
  const start = new Date(Date.now() + days * 24 * 3600 * 1000);
  start.setUTCHours(hour, 0, 0, 0);
  return { startTime: start.toISOString(), endTime: new Date(start.getTime() + minutes * 60_000).toISOString() };
};
const runTag = () => Date.now().toString(36).slice(-5);

export function plan(context: DemoContext): SectionPlan[] {
  const hooks: Hook[] = [];
  const on = async (connector: Parameters<typeof subscribe>[1], key: string, inputData: Item = {}) => {
    const hook = await subscribe(context, connector, key, inputData);
    hooks.push(hook);
    return `subscribed (${String(hook.subscribeData.id)}) for ${new URL(hook.targetUrl).pathname}; signing secret kept in subscribeData`;
  };
  const hook = (connector: string, key: string) => {
    const found = [...hooks].reverse().find((h) => h.connector === connector && h.key === key);
    if (!found) throw new Error(`the ${key} trigger was not turned on`);
    return found;
  };
  const card = context.card.bind(context);
  const tag = runTag();

  // ---- Zap 1 ---------------------------------------------------------------------------------
  let job: SergioJob | undefined;
  let jobFromTrigger: Item | undefined;
  let found: Item[] = [];
  let zap1Contact: Item | undefined;
  let zap1Execution: Item | undefined;
  let welcome: DropdownChoice | undefined;
  const zap1: StepPlan[] = [
    {
      connector: 'sergio',
      operation: `Turn on · ${card('sergio', 'triggers', 'new_job')} · subscribe`,
      run: () => on('sergio', 'new_job'),
    },
    {
      connector: 'serebro',
      operation: `Turn on · ${card('serebro', 'triggers', 'workflow_execution_completed')} · subscribe`,
      run: async () => {
        welcome = await dropdown(context, 'serebro', 'triggers', 'workflow_execution_completed', 'workflowId', {}, (w) =>
          /welcome/i.test(String(w.name)),
        );
        return `${await on('serebro', 'workflow_execution_completed', { workflowId: welcome.value })}; Workflow filter "${welcome.label}" from the ${dropdownName(welcome)} dropdown`;
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
        const received = one(await receive(context, hook('sergio', 'new_job'), dataId(job.id)), 'job');
        if (received.id !== job.id) throw new Error('the trigger returned another job');
        jobFromTrigger = received;
        return `X-Sergio-Signature verified; job ${String(received.id)} (#${String(received.number)}, status ${String(received.status)}) handed to the next step`;
      },
    },
    {
      connector: 'sergio',
      operation: `Trigger · ${card('sergio', 'triggers', 'new_job')} · a forged delivery`,
      run: async () => {
        const jobHook = hook('sergio', 'new_job');
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
          zap1Contact = found[0];
          return `skipped by Find or Create: contact ${String(zap1Contact.id)} exists`;
        }
        const customer = (jobFromTrigger?.customer ?? {}) as Item;
        const [firstName, ...rest] = String(customer.name ?? '').split(' ');
        zap1Contact = await perform<Item>(context, 'serebro', 'creates', 'create_contact', {
          email: customer.email,
          phone: customer.phone,
          firstName,
          lastName: rest.join(' '),
          source: 'Sergio',
          tags: ['window-cleaning', `sergio-job-${String(jobFromTrigger?.number ?? '')}`],
        });
        return `contact ${String(zap1Contact.id)} created for ${String(zap1Contact.name ?? customer.name)}, tags ${JSON.stringify(zap1Contact.tags ?? [])}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Action · ${card('serebro', 'creates', 'execute_workflow')}`,
      run: async () => {
        if (!zap1Contact) throw new Error('no contact from the previous step');
        const workflow = await dropdown(context, 'serebro', 'creates', 'execute_workflow', 'workflowId', {}, (w) => /welcome/i.test(String(w.name)));
        zap1Execution = await perform<Item>(context, 'serebro', 'creates', 'execute_workflow', {
          workflowId: workflow.value,
          contactId: zap1Contact.id,
          data: { sergioJob: String(jobFromTrigger?.number ?? ''), serviceType: String(jobFromTrigger?.service_type ?? '') },
        });
        return `"${workflow.label}" (from the ${dropdownName(workflow)} dropdown, ${workflow.offered} published) → execution ${String(zap1Execution.id)} ${String(zap1Execution.status)}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Trigger · ${card('serebro', 'triggers', 'workflow_execution_completed')} · delivery → perform`,
      run: async () => {
        if (!zap1Execution) throw new Error('no workflow execution was started');
        const execution = one(await receive(context, hook('serebro', 'workflow_execution_completed'), dataId(zap1Execution.id)), 'execution');
        if (execution.status !== 'succeeded') throw new Error(`the execution ended ${String(execution.status)}: ${String(execution.error ?? '')}`);
        return `execution ${String(execution.id)} went queued → running → ${String(execution.status)}; X-Serebro-Signature verified`;
      },
    },
  ];

  // ---- Zap 2 ---------------------------------------------------------------------------------
  const patients = new Dedupe();
  let patientId: unknown;
  let patient: Item | undefined;
  let zap2Contact: Item | undefined;
  const zap2: StepPlan[] = [
    {
      connector: 'cerbo',
      operation: `Turn on · ${card('cerbo', 'triggers', 'new_patient')} · first poll fills dedupe`,
      run: async () => {
        const existing = await poll(context, 'cerbo', 'new_patient', {}, { isPopulatingDedupe: true });
        patients.prime(existing);
        return `${existing.length} existing patients remembered, so they never trigger the Zap`;
      },
    },
    {
      connector: 'cerbo',
      operation: 'Event · the front desk registers a patient (Cerbo API)',
      run: async () => {
        const created = await registerCerboPatient(context, {
          first_name: 'Morgan',
          last_name: `Avery${tag}`,
          dob: '1987-04-12',
          sex: 'F',
          email1: `morgan.avery+${tag}@example.com`,
          phone_mobile: '+1 312 555 0187',
        });
        patientId = created.id;
        // Health records: the transcript names patients by id only.
        return `patient ${String(patientId)} registered`;
      },
    },
    {
      connector: 'cerbo',
      operation: `Trigger · ${card('cerbo', 'triggers', 'new_patient')} · poll`,
      run: async () => {
        const items = await poll(context, 'cerbo', 'new_patient');
        const fresh = patients.fresh(items);
        patient = one(fresh, 'new patient');
        if (String(patient.id) !== String(patientId)) throw new Error('the new item is not the patient just registered');
        return `poll returned ${items.length} patients newest first; dedupe leaves 1 new: patient ${String(patient.id)}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Create · ${card('serebro', 'creates', 'create_contact')}`,
      run: async () => {
        if (!patient) throw new Error('no patient from the trigger');
        zap2Contact = await perform<Item>(context, 'serebro', 'creates', 'create_contact', {
          firstName: patient.first_name,
          lastName: patient.last_name,
          email: patient.email1,
          phone: patient.phone_mobile,
          source: 'Cerbo',
          tags: ['patient'],
        });
        return `contact ${String(zap2Contact.id)} created from patient ${String(patient.id)} (source Cerbo, tag patient)`;
      },
    },
    {
      connector: 'serebro',
      operation: `Action · ${card('serebro', 'creates', 'create_appointment')} · book`,
      run: async () => {
        if (!zap2Contact) throw new Error('no contact from the previous step');
        const service = await dropdown(context, 'serebro', 'creates', 'create_appointment', 'serviceId', {}, (s) => /consult/i.test(String(s.name)));
        const staff = await dropdown(context, 'serebro', 'creates', 'create_appointment', 'staffId', { serviceId: service.value });
        const appointment = await perform<Item>(context, 'serebro', 'creates', 'create_appointment', {
          contactId: zap2Contact.id,
          serviceId: service.value,
          staffId: staff.value,
          ...slot(4, 15, 45),
          title: 'Initial consultation',
        });
        return `appointment ${String(appointment.id)} ${String(appointment.status)} ${String(appointment.startTime)}: "${service.label}" and "${staff.label}" from the ${dropdownName(service)} and ${dropdownName(staff)} dropdowns`;
      },
    },
  ];

  // ---- Zap 3 ---------------------------------------------------------------------------------
  let lead: Item | undefined;
  let leadFromTrigger: Item | undefined;
  let customers: Item[] = [];
  let customer: Item | undefined;
  const zap3: StepPlan[] = [
    {
      connector: 'serebro',
      operation: `Turn on · ${card('serebro', 'triggers', 'contact_created')} · subscribe`,
      run: () => on('serebro', 'contact_created'),
    },
    {
      connector: 'serebro',
      operation: 'Event · a lead fills in a Serebro AI web form',
      run: async () => {
        lead = await serebroApi<Item>(context, 'Adding a Serebro contact', 'POST', '/contacts', {
          firstName: 'Casey',
          lastName: `Nguyen ${tag}`,
          email: `casey.nguyen+${tag}@example.com`,
          phone: '+1 503 555 0199',
          source: 'Website form: free window-cleaning estimate',
          address1: '88 Alder St',
          city: 'Portland',
          state: 'OR',
          postalCode: '97204',
        });
        return `contact ${String(lead.id)} added by the form`;
      },
    },
    {
      connector: 'serebro',
      operation: `Trigger · ${card('serebro', 'triggers', 'contact_created')} · signed delivery → perform`,
      run: async () => {
        if (!lead) throw new Error('no contact was added');
        const received = one(await receive(context, hook('serebro', 'contact_created'), dataId(lead.id)), 'contact');
        leadFromTrigger = received;
        return `X-Serebro-Signature verified; contact ${String(received.id)} (${String(received.name)}, source "${String(received.source)}")`;
      },
    },
    {
      connector: 'sergio',
      operation: `Search · ${card('sergio', 'searches', 'find_customer')} · by email`,
      run: async () => {
        customers = await perform<Item[]>(context, 'sergio', 'searches', 'find_customer', { email: leadFromTrigger?.email });
        return customers.length ? `found customer ${String(customers[0].id)}` : 'no customer with that email: Find or Create goes on to create one';
      },
    },
    {
      connector: 'sergio',
      operation: `Create · ${card('sergio', 'creates', 'create_customer')} · (Find or Create)`,
      run: async () => {
        if (customers.length) {
          customer = customers[0];
          return `skipped by Find or Create: customer ${String(customer.id)} exists`;
        }
        if (!leadFromTrigger) throw new Error('no contact from the trigger');
        customer = await perform<Item>(context, 'sergio', 'creates', 'create_customer', {
          name: leadFromTrigger.name,
          email: leadFromTrigger.email,
          phone: leadFromTrigger.phone,
          street: leadFromTrigger.address1,
          city: leadFromTrigger.city,
          state: leadFromTrigger.state,
          zip: leadFromTrigger.postalCode,
        });
        return `customer ${String(customer.id)} created for ${String(customer.name)}`;
      },
    },
    {
      connector: 'sergio',
      operation: `Action · ${card('sergio', 'creates', 'create_job')}`,
      run: async () => {
        if (!customer || !leadFromTrigger) throw new Error('no customer from the previous step');
        const serviceType = await dropdown(context, 'sergio', 'creates', 'create_job', 'service_type', {}, (s) => /exterior/i.test(String(s.name ?? s.id)));
        const customerChoice = await dropdown(context, 'sergio', 'creates', 'create_job', 'customer_id', {}, (c) => c.id === customer?.id);
        const date = new Date(Date.now() + 5 * 24 * 3600 * 1000).toISOString().slice(0, 10);
        const created = await perform<Item>(context, 'sergio', 'creates', 'create_job', {
          customer_id: customerChoice.value,
          service_type: serviceType.value,
          scheduled_date: date,
          scheduled_time: '10:00',
          street: leadFromTrigger.address1,
          city: leadFromTrigger.city,
          state: leadFromTrigger.state,
          zip: leadFromTrigger.postalCode,
          notes: 'Free estimate requested on the website.',
        });
        return `job #${String(created.number)} (${String(created.id)}) ${String(created.status)} on ${String(created.scheduled_date)} ${String(created.scheduled_time)}; "${serviceType.label}" and customer from the ${dropdownName(serviceType)} and ${dropdownName(customerChoice)} dropdowns`;
      },
    },
  ];

  // ---- Zap 4 ---------------------------------------------------------------------------------
  let booked: Item | undefined;
  let bookedFromTrigger: Item | undefined;
  let serviceFilter: DropdownChoice | undefined;
  const zap4: StepPlan[] = [
    {
      connector: 'serebro',
      operation: `Turn on · ${card('serebro', 'triggers', 'appointment_booked')} · subscribe`,
      run: async () => {
        serviceFilter = await dropdown(context, 'serebro', 'triggers', 'appointment_booked', 'serviceId', {}, (s) => /massage/i.test(String(s.name)));
        return `${await on('serebro', 'appointment_booked', { serviceId: serviceFilter.value })}; Service filter "${serviceFilter.label}"`;
      },
    },
    {
      connector: 'serebro',
      operation: 'Event · the lead books a visit in the Serebro AI calendar',
      run: async () => {
        if (!lead || !serviceFilter) throw new Error('no contact or service to book');
        const staff = await serebroApi<{ data: Item[] }>(context, 'Listing Serebro staff', 'GET', '/staff');
        booked = await serebroApi<Item>(context, 'Booking in the Serebro calendar', 'POST', '/appointments', {
          contactId: lead.id,
          serviceId: serviceFilter.value,
          staffId: staff.data[staff.data.length - 1]?.id,
          ...slot(6, 17, 60),
          title: 'Massage therapy',
        });
        return `appointment ${String(booked.id)} booked for contact ${String(lead.id)} at ${String(booked.startTime)}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Trigger · ${card('serebro', 'triggers', 'appointment_booked')} · signed delivery → perform`,
      run: async () => {
        if (!booked) throw new Error('nothing was booked');
        const received = one(await receive(context, hook('serebro', 'appointment_booked'), dataId(booked.id)), 'appointment');
        bookedFromTrigger = received;
        return `X-Serebro-Signature verified; appointment ${String(received.id)} (${String(received.status)}) passed the Service filter`;
      },
    },
    {
      connector: 'serebro',
      operation: 'Event · an hour passes: the Serebro AI access token expires',
      run: async () => {
        const response = await fetch(`${context.sandbox.env.SEREBRO_BASE_URL}/_admin/expire-tokens`, { method: 'POST' });
        if (!response.ok) throw new Error(`the sandbox refused to expire tokens (HTTP ${response.status})`);
        const { expired } = (await response.json()) as { expired: number };
        return `${expired} access token(s) expired in the sandbox; the next step must refresh before it can act`;
      },
    },
    {
      connector: 'serebro',
      operation: `Action · ${card('serebro', 'creates', 'execute_workflow')}`,
      run: async () => {
        if (!bookedFromTrigger) throw new Error('no appointment from the trigger');
        const workflow = await dropdown(context, 'serebro', 'creates', 'execute_workflow', 'workflowId', {}, (w) => /reminder/i.test(String(w.name)));
        const execution = await perform<Item>(context, 'serebro', 'creates', 'execute_workflow', {
          workflowId: workflow.value,
          contactId: bookedFromTrigger.contactId,
          data: { appointmentId: String(bookedFromTrigger.id) },
        });
        return `"${workflow.label}" (from the ${dropdownName(workflow)} dropdown) → execution ${String(execution.id)} ${String(execution.status)} for contact ${String(bookedFromTrigger.contactId)}`;
      },
    },
  ];

  // ---- Turning off ---------------------------------------------------------------------------
  const turnOff = (connector: 'serebro' | 'sergio'): StepPlan => ({
    connector,
    operation: 'Turn off · REST-hook triggers · unsubscribe',
    always: true,
    run: async () => {
      const active = hooks.filter((h) => h.connector === connector && h.active);
      const failures: string[] = [];
      for (const h of active) {
        try {
          await unsubscribe(context, h);
        } catch (error) {
          failures.push(`${h.key}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (failures.length) throw new Error(`could not unsubscribe ${failures.join('; ')}`);
      return active.length ? `unsubscribed ${active.map((h) => h.key).join(', ')}` : 'no hook of this connector was subscribed';
    },
  });

  return [
    { title: 'Connect accounts', short: 'Connect accounts', steps: connectSteps(context), independent: true },
    {
      title: 'Zap 1 · New Sergio job → Find or Create Serebro contact → Execute Serebro workflow → Serebro workflow execution completed',
      short: 'Zap 1 · Sergio job → Serebro workflow',
      steps: zap1,
    },
    {
      title: 'Zap 2 · New Cerbo patient → Create Serebro contact → Book Serebro appointment',
      short: 'Zap 2 · Cerbo patient → Serebro booking',
      steps: zap2,
    },
    {
      title: 'Zap 3 · Serebro contact created → Find or Create Sergio customer → Create Sergio job',
      short: 'Zap 3 · Serebro lead → Sergio job',
      steps: zap3,
    },
    {
      title: 'Zap 4 · Serebro appointment booked → Execute Serebro workflow',
      short: 'Zap 4 · Serebro booking → reminders',
      steps: zap4,
    },
    {
      title: 'Zap 5 · New Serebro opportunity → Add Tags to its contact → Create or Update Contact (custom field by name); appointment canceled → Remove Tags',
      short: 'Zap 5 · Serebro deal → tags, lead score',
      steps: zap5({ context, on, hook, lead: () => lead, booked: () => booked, tag }),
    },
    { title: 'Turn Zaps off', short: 'Turn Zaps off', steps: [turnOff('sergio'), turnOff('serebro')], independent: true },
  ];
}

const dropdownName = (choice: { source: string }) => choice.source.split('.')[0];
