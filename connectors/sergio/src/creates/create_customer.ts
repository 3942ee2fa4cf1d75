import type { Bundle, CreatePerform, InferInputData, ZObject } from 'zapier-platform-core';
import { clean, defineCreate, defineInputFields, digitsOf, invalidInput, isRetryOf, recordOf, requireText, type ApiError } from '../../../../kit';
import { listOf, WRITE_THROTTLE, sergioRequest } from '../client';
import { addressFrom } from '../fields';
import { Customer, customerOutputFields, customerSample } from '../schemas';

const inputFields = defineInputFields([
  { key: 'name', label: 'Name', required: true, helpText: 'The customer\'s full name, or the business name.' },
  {
    key: 'email',
    label: 'Email',
    required: false,
    helpText:
      'Sergio keeps one customer per email: an email already in use is refused, naming that customer. ' +
      'If this step is retried after Sergio made the customer, the customer it made is returned instead.',
  },
  { key: 'phone', label: 'Phone', required: false },
  {
    key: 'street',
    label: 'Street',
    required: false,
    helpText: 'The service address. Leave the four address fields empty, or fill in all of them.',
  },
  { key: 'city', label: 'City', required: false },
  { key: 'state', label: 'State', required: false },
  { key: 'zip', label: 'ZIP Code', required: false },
]);

/** The customer a 409 names (`details.customer`): its id and name, where the answer gives them as text. */
function namedCustomer(error: ApiError | undefined): { id?: string; name?: string } {
  const customer = error?.details?.customer;
  if (typeof customer !== 'object' || customer === null) return {};
  return {
    id: 'id' in customer && typeof customer.id === 'string' ? customer.id : undefined,
    name: 'name' in customer && typeof customer.name === 'string' ? customer.name : undefined,
  };
}

type Sent = { name: string; email?: string; phone?: string; address?: Record<string, unknown> | null };

/** What tells one customer from another with the same email: name, phone (digits) and address. */
const identity = (customer: Sent | Customer) => ({
  name: customer.name,
  phone: digitsOf(customer.phone),
  street: customer.address?.street,
  city: customer.address?.city,
  state: customer.address?.state,
  zip: customer.address?.zip,
});

/**
 * The customer a 409 names, when an earlier run of this step made it (its answer lost, the step
 * retried or replayed): created within the retry window with the same name, phone and address. The
 * 409 names the customer without its creation time, so Find Customer by email gives the whole record.
 */
async function customerMadeByEarlierRun(z: ZObject, bundle: Bundle, sent: Sent, named: { id?: string }): Promise<Customer | undefined> {
  if (!sent.email || named.id === undefined) return undefined;
  const found = await sergioRequest(z, bundle, { path: '/searches/find-customer', params: { email: sent.email }, shape: listOf(recordOf(Customer)) });
  const existing = found.find((customer) => customer.id === named.id);
  return existing && isRetryOf(existing.created_at, identity(existing), identity(sent)) ? existing : undefined;
}

const perform = (async (z, bundle) => {
  const input = bundle.inputData;
  const name = requireText(z, input.name, 'Name');
  const email = clean(input.email);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    invalidInput(z, `Email "${email}" is not an email address.`);
  }
  const address = addressFrom(z, input, true);
  const body: Sent = { name, email, phone: clean(input.phone), address };
  return sergioRequest(z, bundle, {
    method: 'POST',
    path: '/actions/create-customer',
    body,
    shape: recordOf(Customer),
    recover: async (status, error) =>
      status === 409 && error?.code === 'duplicate_customer' ? customerMadeByEarlierRun(z, bundle, body, namedCustomer(error)) : undefined,
    explain: (status, error) => {
      if (status !== 409 || error?.code !== 'duplicate_customer') return undefined;
      const existing = namedCustomer(error);
      const who = existing.name !== undefined ? `${existing.name} ` : '';
      const id = existing.id !== undefined ? `(ID ${existing.id})` : '';
      return (
        `Sergio already has a customer with the email ${email ?? 'given'}: ${`${who}${id}`.trim() || 'an existing customer'}. ` +
        'Use Find Customer, or Find or Create Customer, to work with that customer instead.'
      );
    },
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = Customer;

export default defineCreate({
  key: 'create_customer',
  noun: 'Customer',
  display: {
    label: 'Create Customer',
    description: 'Creates a new customer in Sergio.',
  },
  operation: {
    inputFields,
    perform,
    throttle: WRITE_THROTTLE,
    sample: customerSample,
    outputFields: customerOutputFields,
  },
});
