import { defineCreate, defineInputFields, type CreatePerform, type InferInputData } from 'zapier-platform-core';
import { WRITE_THROTTLE, clean, requireText, sergioRequest } from '../client';
import { addressFrom } from '../fields';
import { customerOutputFields, customerSample, type Customer } from '../schemas';

const inputFields = defineInputFields([
  { key: 'name', label: 'Name', required: true, helpText: 'The customer\'s full name, or the business name.' },
  { key: 'email', label: 'Email', required: false, helpText: 'Sergio keeps one customer per email: an email already in use is refused, naming that customer.' },
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

interface Existing {
  id?: unknown;
  name?: unknown;
}

const perform = (async (z, bundle) => {
  const input = bundle.inputData;
  const name = requireText(z, input.name, 'Name');
  const email = clean(input.email);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new z.errors.Error(`Email "${email}" is not an email address.`, 'invalid_input', 400);
  }
  const address = addressFrom(z, input, true);
  return sergioRequest<Customer>(z, bundle, {
    method: 'POST',
    path: '/actions/create-customer',
    body: { name, email, phone: clean(input.phone), address },
    explain: (status, error) => {
      if (status !== 409 || error?.code !== 'duplicate_customer') return undefined;
      const existing = (error.details?.customer ?? {}) as Existing;
      const who = typeof existing.name === 'string' ? `${existing.name} ` : '';
      const id = typeof existing.id === 'string' ? `(ID ${existing.id})` : '';
      return (
        `Sergio already has a customer with the email ${email ?? 'given'}: ${`${who}${id}`.trim() || 'an existing customer'}. ` +
        'Use Find Customer, or Find or Create Customer, to work with that customer instead.'
      );
    },
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

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
