/**
 * `zapier-platform invoke` in a checkout of Sergio against the sandbox, as the README has it
 * (suite.ts says what these files check and how).
 */
import type * as Sergio from '../../connectors/sergio/src/schemas';
import { checkoutAgainstSandbox, everyOtherOperation, BOOKING_DAY, RUN, STEP_MS } from './suite';

describe('zapier-platform invoke against the sandbox', () => {
  // The seeded key `npm run sandbox` prints as an authData_* line.
  const sergio = checkoutAgainstSandbox('sergio', async (sandbox) => ({ api_key: String(sandbox.services.sergio.credentials.apiKey) }));

  describe('Sergio (API key)', () => {
    let customer: Sergio.Customer;

    it('auth test: the live key is accepted with the scopes the connector needs', async () => {
      const me = await sergio.cli.invoke<Sergio.Me>('auth test');
      expect(me.company.name).toBeTruthy();
      expect(me.key.scopes).toEqual(expect.arrayContaining(['jobs:write', 'customers:read', 'customers:write', 'webhooks:write']));
    }, STEP_MS);

    it('create_customer creates the customer sent; find_customer finds it and the Customer dropdown lists it first', async () => {
      const name = `Ada Byron ${RUN}`;
      const email = `ada.${RUN}@example.com`;
      customer = await sergio.cli.invoke<Sergio.Customer>('create create_customer', { name, email, phone: '+1 503 555 0100' });
      expect(customer).toMatchObject({ name, email });
      expect(customer.phone?.replace(/\D/g, '')).toBe('15035550100');

      const [found, dropdown] = await Promise.all([
        sergio.cli.invoke<Sergio.Customer[]>('search find_customer', { email }),
        sergio.cli.invoke<Sergio.Option[]>('trigger customer_list'),
      ]);
      expect(found.map((match) => match.id)).toEqual([customer.id]);
      expect(dropdown[0]).toEqual({ id: customer.id, name });
    }, STEP_MS);

    it('api_request finds the customer with GET and a query, as the CLI passes them', async () => {
      const found = await sergio.cli.invoke<Sergio.ApiResponse>('create api_request', { method: 'GET', path: '/searches/find-customer', query: { email: customer.email } });
      expect(found).toMatchObject({ status: 200, data: [{ id: customer.id }] });
    }, STEP_MS);

    it('create_job schedules a job for that customer with a service type from its dropdown', async () => {
      const serviceTypes = await sergio.cli.invoke<Sergio.Option[]>('trigger service_type_list');
      expect(serviceTypes).toContainEqual({ id: 'exterior_windows', name: 'Exterior Windows' });

      const [year, month, day] = BOOKING_DAY.split('-');
      const job = await sergio.cli.invoke<Sergio.Job>('create create_job', {
        customer_id: customer.id,
        service_type: 'exterior_windows',
        // The README's forms: a US date and a 12-hour time.
        scheduled_date: `${month}/${day}/${year}`,
        scheduled_time: '9:30 am',
        street: '1 Main St',
        city: 'Portland',
        state: 'OR',
        zip: '97201',
        price_cents: '18500',
      });
      expect(job).toMatchObject({
        status: 'scheduled',
        service_type: 'exterior_windows',
        scheduled_date: BOOKING_DAY,
        scheduled_time: '09:30',
        customer: { id: customer.id, name: customer.name },
        address: { street: '1 Main St', city: 'Portland', state: 'OR', zip: '97201' },
        price_cents: 18500,
      });
    }, STEP_MS);
  });

  everyOtherOperation('sergio', () => sergio.cli);
});
