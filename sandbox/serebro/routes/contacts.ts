import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, invalid } from '../../core/errors';
import type { Contact, CustomField } from '../store';
import {
  asBody,
  mergeCustomFields,
  newestFirst,
  optionalBoolean,
  optionalCustomFields,
  optionalEmail,
  optionalPhone,
  optionalString,
  optionalTags,
  optionalTimestamp,
  phoneDigits,
  type Body,
} from '../validate';
import { inLocation, now, requireScope, type V2 } from '../v2';

type ContactFields = ReturnType<typeof contactFieldsOf>;

function contactFieldsOf(body: Body, customFields: CustomField[]) {
  return {
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
    customFields: optionalCustomFields(body, customFields, 'contact'),
  };
}

/** The same number: equal digits, or the same last ten digits (a national number against its E.164 form). */
function samePhone(a: string, b: string): boolean {
  const [x, y] = [phoneDigits(a), phoneDigits(b)];
  return x === y || (x.length >= 10 && y.length >= 10 && x.slice(-10) === y.slice(-10));
}

/**
 * Contacts (docs/apis.md §1.3, §1.3a): list and search, create, upsert, read, replace (PUT), update
 * (PATCH), delete. Tags are stored lower-case and join the Location's tag list; custom fields are
 * checked against the Location's contact fields and merged by id.
 */
export function registerContacts(scope: FastifyInstance, { store, context, locationOf, emit, list }: V2): void {
  const contactFields = (body: Body, locationId: string) => contactFieldsOf(body, store.customFieldsOf(locationId, 'contact'));

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

  list('/contacts', 'contacts:read', () => store.contacts, (items, q) => {
    const createdAfter = optionalTimestamp(q, 'createdAfter');
    const createdBefore = optionalTimestamp(q, 'createdBefore');
    const email = q.email?.trim().toLowerCase();
    const phone = q.phone ? phoneDigits(q.phone) : undefined;
    if (q.phone && !phone) throw invalid('phone', 'must contain digits');
    const name = q.name?.trim().toLowerCase();
    const tag = q.tag?.trim().toLowerCase();
    const matches = items.filter(
      (c) =>
        (!email || c.email === email) &&
        (!phone || (c.phone !== null && phoneDigits(c.phone).endsWith(phone.length > 10 ? phone.slice(-10) : phone))) &&
        (!name || (c.name ?? '').toLowerCase().includes(name)) &&
        (!tag || c.tags.includes(tag)) &&
        (!createdAfter || Date.parse(c.createdAt) > Date.parse(createdAfter)) &&
        (!createdBefore || Date.parse(c.createdAt) < Date.parse(createdBefore)),
    );
    return newestFirst(matches);
  });

  const createContact = (locationId: string, fields: ContactFields): Contact => {
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
      customFields: mergeCustomFields([], fields.customFields),
      createdAt: stamp,
      updatedAt: stamp,
    };
    store.contacts.push(contact);
    store.rememberTags(locationId, contact.tags);
    emit(locationId, 'contact.created', contact);
    return contact;
  };

  /** PUT clears what it does not name and PATCH keeps it; custom fields change only by id either way. */
  const changeContact = (contact: Contact, fields: ContactFields, replace: boolean): Contact => {
    checkDuplicate(contact.locationId, fields.email, contact.id);
    const next = { ...contact };
    for (const [key, value] of Object.entries(fields) as Array<[keyof ContactFields, unknown]>) {
      if (key === 'customFields') next.customFields = mergeCustomFields(contact.customFields, fields.customFields);
      else if (value !== undefined) (next as Record<string, unknown>)[key] = value;
      else if (replace) (next as Record<string, unknown>)[key] = key === 'tags' ? [] : key === 'dnd' ? false : null;
    }
    next.name = fullName(next);
    next.updatedAt = now();
    Object.assign(contact, next);
    store.rememberTags(contact.locationId, contact.tags);
    emit(contact.locationId, 'contact.updated', contact);
    return contact;
  };

  scope.post('/contacts', async (request, reply) => {
    requireScope(request, 'contacts:write');
    const locationId = locationOf(request);
    const fields = contactFields(asBody(request.body), locationId);
    if (!fields.email && !fields.phone && !fields.firstName && !fields.lastName) {
      throw invalid('email', 'or phone, firstName or lastName is required');
    }
    return reply.code(201).send(createContact(locationId, fields));
  });

  /**
   * Matches by email, then by phone. A match gets the fields sent with a value (tags are added,
   * custom fields set by id); fields sent empty are left as they are, since an upsert fills in what
   * the caller knows and clearing is PATCH's job.
   */
  scope.post('/contacts/upsert', async (request, reply) => {
    requireScope(request, 'contacts:write');
    const locationId = locationOf(request);
    const fields = contactFields(asBody(request.body), locationId);
    const { email, phone } = fields;
    if (!email && !phone) {
      throw new ApiError(422, 'missing_identifier', 'An upsert needs an email or a phone to find the contact by');
    }
    const inThisLocation = store.contacts.filter((c) => c.locationId === locationId);
    const found =
      (email ? inThisLocation.find((c) => c.email === email) : undefined) ??
      (phone ? inThisLocation.find((c) => c.phone !== null && samePhone(c.phone, phone)) : undefined);
    if (!found) return reply.code(201).send({ contact: createContact(locationId, fields), new: true });
    const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as ContactFields;
    given.tags = fields.tags && [...new Set([...found.tags, ...fields.tags])];
    given.customFields = fields.customFields?.filter((write) => write.value !== null);
    // The same number written another way keeps the stored form (and its country code).
    if (phone && found.phone && samePhone(found.phone, phone)) delete given.phone;
    return { contact: changeContact(found, given, false), new: false };
  });

  scope.get<{ Params: { id: string } }>('/contacts/:id', async (request) => {
    requireScope(request, 'contacts:read');
    return inLocation(store.contacts, request.params.id, locationOf(request), 'Contact');
  });

  const updateContact = (request: FastifyRequest<{ Params: { id: string } }>, replace: boolean) => {
    requireScope(request, 'contacts:write');
    const locationId = locationOf(request);
    const contact = inLocation(store.contacts, request.params.id, locationId, 'Contact');
    return changeContact(contact, contactFields(asBody(request.body), locationId), replace);
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
