import type { Sandbox } from '../../sandbox';
import type { SergioStore } from '../../sandbox/sergio';
import { describeRetries } from './retries';
import { uniqueTag } from './sandboxes';

const store = (sandbox: Sandbox) => (sandbox.services.sergio as unknown as { store: SergioStore }).store;

describeRetries('sergio', [
  {
    create: 'creates.create_customer',
    losePath: /\/actions\/create-customer$/,
    apiOffers: 'a 409 duplicate_customer naming the existing customer, and Find Customer by email',
    input: () => {
      const tag = uniqueTag();
      return { name: `Retry Customer${tag}`, email: `retry.${tag}@example.com` };
    },
    count: (sandbox, input) => store(sandbox).customers.filter((c) => c.email === input.email).length,
  },
  {
    create: 'creates.create_job',
    losePath: /\/actions\/create-job$/,
    input: (sandbox) => ({
      customer_id: store(sandbox).customers[0].id,
      service_type: 'exterior_windows',
      scheduled_date: '2027-02-01',
      scheduled_time: '10:00',
      street: '12 Analytical Way',
      city: 'Portland',
      state: 'OR',
      zip: '97201',
      notes: `Retry job ${uniqueTag()}`,
    }),
    count: (sandbox, input) => store(sandbox).jobs.filter((j) => (j as { notes?: string | null }).notes === input.notes).length,
  },
]);
