import type { StepPlan } from './harness';
import { serebroApi, zap3Lead } from './events';
import { dataId, dropdown, dropdownName, one, perform, receive } from './steps';
import type { Item, ZapRun } from './zap-run';

/** The Serebro contact's address mapped to Sergio's address fields, for both the customer and the job. */
const sergioAddressOf = (contact: Item) => ({ street: contact.address1, city: contact.city, state: contact.state, zip: contact.postalCode });

/**
 * Zap 3 · a lead who fills in a Serebro AI web form becomes a Sergio customer (found by email, or
 * created) with a job for the free estimate. The lead is handed on to Zaps 4 and 5.
 */
export function zap3(zapRun: ZapRun): { steps: StepPlan[]; lead: () => Item | undefined } {
  const { context, tag } = zapRun;
  const card = context.card.bind(context);
  let lead: Item | undefined;
  let leadFromTrigger: Item | undefined;
  let customers: Item[] = [];
  let customer: Item | undefined;
  const steps: StepPlan[] = [
    {
      connector: 'serebro',
      operation: `Turn on · ${card('serebro', 'triggers', 'contact_created')} · subscribe`,
      run: () => zapRun.turnOn('serebro', 'contact_created'),
    },
    {
      connector: 'serebro',
      operation: 'Event · a lead fills in a Serebro AI web form',
      run: async () => {
        lead = await serebroApi<Item>(context, 'Adding a Serebro contact', 'POST', '/contacts', zap3Lead(tag));
        return `contact ${String(lead.id)} added by the form`;
      },
    },
    {
      connector: 'serebro',
      operation: `Trigger · ${card('serebro', 'triggers', 'contact_created')} · signed delivery → perform`,
      run: async () => {
        if (!lead) throw new Error('no contact was added');
        const received = one(await receive(context, zapRun.hook('serebro', 'contact_created'), dataId(lead.id)), 'contact');
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
          ...sergioAddressOf(leadFromTrigger),
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
          ...sergioAddressOf(leadFromTrigger),
          notes: 'Free estimate requested on the website.',
        });
        return `job #${String(created.number)} (${String(created.id)}) ${String(created.status)} on ${String(created.scheduled_date)} ${String(created.scheduled_time)}; "${serviceType.label}" and customer from the ${dropdownName(serviceType)} and ${dropdownName(customerChoice)} dropdowns`;
      },
    },
  ];
  return { steps, lead: () => lead };
}
