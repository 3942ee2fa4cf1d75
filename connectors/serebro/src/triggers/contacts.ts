import { defineTrigger } from 'zapier-platform-core';
import { dropdownPage } from '../client';
import { Contact, contactOutputFields, contactSample } from '../schemas';

export const schema = Contact;

export default defineTrigger({
  key: 'contacts',
  noun: 'Contact',
  display: { label: 'Contacts', description: 'Lists contacts, newest first, for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: async (z, bundle) => {
      const contacts = await dropdownPage<Contact>(z, bundle, '/contacts');
      // A contact with only a phone or an email still needs a readable dropdown label.
      return contacts.map((contact) => ({ ...contact, name: contact.name ?? contact.email ?? contact.phone ?? contact.id }));
    },
    sample: contactSample,
    outputFields: contactOutputFields,
  },
});
