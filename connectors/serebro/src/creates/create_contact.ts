import { defineCreate, defineInputFields, type CreatePerform, type InferInputData } from 'zapier-platform-core';
import { serebroRequest } from '../client';
import { contactBodyFrom, contactDetailFields, locationField } from '../fields';
import { contactOutputFields, contactSample, type Contact } from '../schemas';

const inputFields = defineInputFields([locationField, ...contactDetailFields]);

/** A 409 names the contact that already has the email, so the user can update or find it instead. */
export const explainDuplicate = (status: number, error: { code?: string; details?: Record<string, unknown> } | undefined) => {
  const existing = error?.details?.contactId;
  if (status === 409 && error?.code === 'duplicate_contact' && typeof existing === 'string') {
    return (
      `A contact with this email already exists in Serebro AI (contact ID ${existing}). ` +
      'Use Update Contact for it, or Find Contact with "Create Serebro AI Contact if it doesn\'t exist yet?".'
    );
  }
  return undefined;
};

const perform = (async (z, bundle) => {
  const body = contactBodyFrom(z, bundle.inputData);
  if (!body.email && !body.phone && !body.firstName && !body.lastName) {
    throw new z.errors.Error('Fill in at least one of Email, Phone, First Name or Last Name.', 'invalid_input', 400);
  }
  return serebroRequest<Contact>(z, bundle, {
    method: 'POST',
    path: '/contacts',
    body,
    inLocation: true,
    explain: explainDuplicate,
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export default defineCreate({
  key: 'create_contact',
  noun: 'Contact',
  display: {
    label: 'Create Contact',
    description: 'Creates a new contact in Serebro AI.',
  },
  operation: { inputFields, perform, sample: contactSample, outputFields: contactOutputFields },
});
