import { customFieldOutputs, locationField } from '../fields';
import { defineInputFields, defineTrigger, recordOf } from '../../../../kit';
import { serebroHookWithCustomFields } from '../hooks';
import { Contact, contactOutputFields, contactSample } from '../schemas';

const inputFields = defineInputFields([locationField]);

export const schema = Contact;

export default defineTrigger({
  key: 'contact_updated',
  noun: 'Contact',
  display: {
    label: 'Updated Contact',
    description: 'Triggers when a contact is updated in Serebro AI.',
  },
  operation: {
    inputFields,
    ...serebroHookWithCustomFields('contact', {
      event: 'contact.updated',
      item: recordOf(Contact),
      // The list is newest-created first; the Zap editor only needs recent contacts as samples.
      listPath: '/contacts',
      listQuery: { limit: 10 },
    }),
    sample: contactSample,
    outputFields: [...contactOutputFields, customFieldOutputs('contact')],
  },
});
