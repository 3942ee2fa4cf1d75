import { customFieldOutputs, locationField } from '../fields';
import { defineInputFields, defineTrigger, recordOf } from '../../../../kit';
import { serebroHookWithCustomFields } from '../hooks';
import { Contact, contactOutputFields, contactSample } from '../schemas';

const inputFields = defineInputFields([locationField]);

export const schema = Contact;

export default defineTrigger({
  key: 'contact_created',
  noun: 'Contact',
  display: {
    label: 'New Contact',
    description: 'Triggers when a contact is created in Serebro AI.',
  },
  operation: {
    inputFields,
    ...serebroHookWithCustomFields('contact', {
      event: 'contact.created',
      item: recordOf(Contact),
      listPath: '/contacts',
      listQuery: { limit: 10 },
    }),
    sample: contactSample,
    outputFields: [...contactOutputFields, customFieldOutputs('contact')],
  },
});
