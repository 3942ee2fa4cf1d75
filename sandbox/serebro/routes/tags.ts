import type { FastifyInstance } from 'fastify';
import type { Contact } from '../store';
import { asBody, requiredTags } from '../validate';
import { inLocation, now, requireScope, type V2 } from '../v2';

/**
 * Tags (docs/apis.md §1.3a): add to and remove from one contact without sending its whole list, and the
 * Location's tags. Both writes answer the contact's tags afterwards; a write that changes nothing
 * (a tag already there, or absent) leaves `updatedAt` alone and fires no `contact.updated`.
 */
export function registerTags(scope: FastifyInstance, { store, locationOf, emit, list }: V2): void {
  const changeTags = (contact: Contact, tags: string[]) => {
    if (tags.length === contact.tags.length && tags.every((tag, i) => tag === contact.tags[i])) return { tags: contact.tags };
    contact.tags = tags;
    contact.updatedAt = now();
    store.rememberTags(contact.locationId, tags);
    emit(contact.locationId, 'contact.updated', contact);
    return { tags: contact.tags };
  };

  scope.post<{ Params: { id: string } }>('/contacts/:id/tags', async (request) => {
    requireScope(request, 'contacts:write');
    const contact = inLocation(store.contacts, request.params.id, locationOf(request), 'Contact');
    const added = requiredTags(asBody(request.body));
    return changeTags(contact, [...new Set([...contact.tags, ...added])]);
  });

  scope.delete<{ Params: { id: string } }>('/contacts/:id/tags', async (request) => {
    requireScope(request, 'contacts:write');
    const contact = inLocation(store.contacts, request.params.id, locationOf(request), 'Contact');
    const removed = requiredTags(asBody(request.body));
    return changeTags(
      contact,
      contact.tags.filter((tag) => !removed.includes(tag)),
    );
  });

  // Newest first, as every list (docs/apis.md §0).
  list('/tags', 'contacts:read', () => store.tags, (tags) => tags.reverse().map(({ id, name }) => ({ id, name })));
}
