import type { Bundle, ZObject } from 'zapier-platform-core';
import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Contact, contactOutputFields, contactSample } from '../schemas';

export const schema = Contact;

export default defineTrigger({
  key: 'contacts',
  noun: 'Contact',
  display: { label: 'Contacts', description: 'Lists contacts, newest first, for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: async (z: ZObject, bundle: Bundle) => {
      const contacts = await dropdownPage(z, bundle, { path: '/contacts', location: bundle.inputData.locationId, item: recordOf(Contact) });
      // A contact with only a phone or an email still needs a readable dropdown label.
      return contacts.map((contact) => ({ ...contact, name: contact.name ?? contact.email ?? contact.phone ?? contact.id }));
    },
    sample: contactSample,
    outputFields: contactOutputFields,
  },
});
