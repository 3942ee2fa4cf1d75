import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, invalid } from '../../core/errors';
import type { Contact } from '../store';
import {
  asBody,
  newestFirst,
  optionalBoolean,
  optionalCustomFields,
  optionalEmail,
  optionalPhone,
  optionalString,
  optionalTags,
  optionalTimestamp,
  page,
  phoneDigits,
  type Body,
} from '../validate';
import { inLocation, now, requireScope, type Query, type V2 } from '../v2';

/** Contacts (contract §1.3): list and search, create, read, replace (PUT), update (PATCH), delete. */
export function registerContacts(scope: FastifyInstance, { store, context, locationOf, emit }: V2): void {
  const contactFields = (body: Body) => ({
    firstName: optionalString(body, 'firstName', 100),
    lastName: optionalString(body, 'lastName', 100),
    email: optionalEmail(body),
    phone: optionalPhone(body),
    companyName: optionalString(body, 'companyName', 200),
    source: optionalString(body, 'source', 200),
    tags: optionalTags(body),
    address1: optionalString(body, 'address1', 300),
    city: optionalString(body, 'city', 100),
    state: optionalString(body, 'state', 100),
    postalCode: optionalString(body, 'postalCode', 20),
    country: optionalString(body, 'country', 2),
    timezone: optionalString(body, 'timezone', 64),
    dnd: optionalBoolean(body, 'dnd'),
    customFields: optionalCustomFields(body),
  });

  const checkDuplicate = (locationId: string, email: string | null | undefined, self?: string) => {
    if (!email) return;
    const existing = store.contacts.find((c) => c.locationId === locationId && c.email === email && c.id !== self);
    if (existing) {
      throw new ApiError(409, 'duplicate_contact', `A contact with this email already exists in this Location (${existing.id})`, {
        contactId: existing.id,
      });
    }
  };

  const fullName = (c: Pick<Contact, 'firstName' | 'lastName'>) => [c.firstName, c.lastName].filter(Boolean).join(' ') || null;

  scope.get('/contacts', async (request) => {
    requireScope(request, 'contacts:read');
    const locationId = locationOf(request);
    const q = request.query as Query;
    const createdAfter = optionalTimestamp(q, 'createdAfter');
    const createdBefore = optionalTimestamp(q, 'createdBefore');
    const email = q.email?.trim().toLowerCase();
    const phone = q.phone ? phoneDigits(q.phone) : undefined;
    if (q.phone && !phone) throw invalid('phone', 'must contain digits');
    const name = q.name?.trim().toLowerCase();
    const matches = store.contacts.filter(
      (c) =>
        c.locationId === locationId &&
        (!email || c.email === email) &&
        (!phone || (c.phone !== null && phoneDigits(c.phone).endsWith(phone.length > 10 ? phone.slice(-10) : phone))) &&
        (!name || (c.name ?? '').toLowerCase().includes(name)) &&
        (!q.tag || c.tags.includes(q.tag)) &&
        (!createdAfter || Date.parse(c.createdAt) > Date.parse(createdAfter)) &&
        (!createdBefore || Date.parse(c.createdAt) < Date.parse(createdBefore)),
    );
    return page(newestFirst(matches), q);
  });

  scope.post('/contacts', async (request, reply) => {
    requireScope(request, 'contacts:write');
    const locationId = locationOf(request);
    const fields = contactFields(asBody(request.body));
    if (!fields.email && !fields.phone && !fields.firstName && !fields.lastName) {
      throw invalid('email', 'or phone, firstName or lastName is required');
    }
    checkDuplicate(locationId, fields.email);
    const stamp = now();
    const contact: Contact = {
      id: context.ids.next('ct'),
      locationId,
      firstName: fields.firstName ?? null,
      lastName: fields.lastName ?? null,
      name: fullName({ firstName: fields.firstName ?? null, lastName: fields.lastName ?? null }),
      email: fields.email ?? null,
      phone: fields.phone ?? null,
      companyName: fields.companyName ?? null,
      source: fields.source ?? null,
      tags: fields.tags ?? [],
      address1: fields.address1 ?? null,
      city: fields.city ?? null,
      state: fields.state ?? null,
      postalCode: fields.postalCode ?? null,
      country: fields.country ?? null,
      timezone: fields.timezone ?? store.location(locationId)?.timezone ?? null,
      dnd: fields.dnd ?? false,
      customFields: fields.customFields ?? [],
      createdAt: stamp,
      updatedAt: stamp,
    };
    store.contacts.push(contact);
    emit(locationId, 'contact.created', contact);
    return reply.code(201).send(contact);
  });

  scope.get<{ Params: { id: string } }>('/contacts/:id', async (request) => {
    requireScope(request, 'contacts:read');
    return inLocation(store.contacts, request.params.id, locationOf(request), 'Contact');
  });

  const updateContact = (request: FastifyRequest<{ Params: { id: string } }>, replace: boolean) => {
    requireScope(request, 'contacts:write');
    const locationId = locationOf(request);
    const contact = inLocation(store.contacts, request.params.id, locationId, 'Contact');
    const fields = contactFields(asBody(request.body));
    checkDuplicate(locationId, fields.email, contact.id);
    const next = { ...contact };
    for (const [key, value] of Object.entries(fields) as Array<[keyof typeof fields, unknown]>) {
      if (value !== undefined) (next as Record<string, unknown>)[key] = value;
      else if (replace) (next as Record<string, unknown>)[key] = key === 'tags' || key === 'customFields' ? [] : key === 'dnd' ? false : null;
    }
    next.name = fullName(next);
    next.updatedAt = now();
    Object.assign(contact, next);
    emit(locationId, 'contact.updated', contact);
    return contact;
  };
  scope.patch<{ Params: { id: string } }>('/contacts/:id', async (request) => updateContact(request, false));
  scope.put<{ Params: { id: string } }>('/contacts/:id', async (request) => updateContact(request, true));

  scope.delete<{ Params: { id: string } }>('/contacts/:id', async (request, reply) => {
    requireScope(request, 'contacts:write');
    const contact = inLocation(store.contacts, request.params.id, locationOf(request), 'Contact');
    store.contacts.splice(store.contacts.indexOf(contact), 1);
    return reply.code(204).send();
  });
}
