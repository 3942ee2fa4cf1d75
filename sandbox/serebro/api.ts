import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serebroSignature } from '../core/signatures';
import { ApiError, invalid, notFound } from '../core/errors';
import { FixedWindow, utcDayWindow, type WindowState } from '../core/ratelimit';
import type { ServiceContext } from '../core/service';
import {
  EVENTS,
  type AccessToken,
  type Appointment,
  type Contact,
  type EventType,
  type Opportunity,
  type OpportunityStatus,
  type SerebroStore,
  type WorkflowExecution,
} from './store';
import {
  asBody,
  newestFirst,
  oneOf,
  optionalBoolean,
  optionalCustomFields,
  optionalEmail,
  optionalNumber,
  optionalPhone,
  optionalString,
  optionalTags,
  optionalTimestamp,
  page,
  phoneDigits,
  requiredString,
  requiredTimestamp,
  type Body,
} from './validate';

export const BURST_LIMIT = 100;
export const BURST_INTERVAL_MS = 10_000;
export const DAILY_LIMIT = 200_000;

type Query = Record<string, string | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    serebroToken?: AccessToken;
  }
}

export interface RateLimits {
  burst: FixedWindow;
  daily: FixedWindow;
}

export function createRateLimits(): RateLimits {
  return { burst: new FixedWindow(BURST_LIMIT, BURST_INTERVAL_MS), daily: utcDayWindow(DAILY_LIMIT) };
}

/** The five headers of contract §1.2, on every v2 response. */
export function rateLimitHeaders(reply: FastifyReply, burst: Pick<WindowState, 'remaining'>, daily: Pick<WindowState, 'remaining'>) {
  return reply
    .header('x-ratelimit-limit-daily', String(DAILY_LIMIT))
    .header('x-ratelimit-daily-remaining', String(daily.remaining))
    .header('x-ratelimit-interval-milliseconds', String(BURST_INTERVAL_MS))
    .header('x-ratelimit-max', String(BURST_LIMIT))
    .header('x-ratelimit-remaining', String(burst.remaining));
}

export function sendRateLimited(reply: FastifyReply, which: 'burst' | 'daily') {
  return reply.code(429).send({
    error: {
      code: 'rate_limited',
      message:
        which === 'daily'
          ? `The daily limit of ${DAILY_LIMIT} requests is used up; it resets at midnight UTC`
          : `More than ${BURST_LIMIT} requests in ${BURST_INTERVAL_MS / 1000} seconds`,
    },
  });
}

const now = () => new Date().toISOString();

export function registerApi(scope: FastifyInstance, store: SerebroStore, context: ServiceContext, limits: RateLimits) {
  const timers = new Set<NodeJS.Timeout>();

  // ---- authentication, rate limits -------------------------------------------------------
  scope.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match ? store.accessTokens.get(match[1]) : undefined;
    const key = token ? `${token.clientId}:${token.locationId ?? token.companyId}` : `anonymous:${request.ip}`;
    const burst = limits.burst.take(key);
    const daily = limits.daily.take(key);
    rateLimitHeaders(reply, burst, daily);
    if (!daily.allowed) return sendRateLimited(reply, 'daily');
    if (!burst.allowed) return sendRateLimited(reply, 'burst');
    if (!token || token.expiresAt <= Date.now()) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send({ error: { code: 'invalid_token', message: token ? 'The access token has expired' : 'The access token is invalid' } });
    }
    request.serebroToken = token;
  });

  const auth = (request: FastifyRequest): AccessToken => request.serebroToken as AccessToken;

  const requireScope = (request: FastifyRequest, scopeName: string) => {
    if (!auth(request).scopes.includes(scopeName)) {
      throw new ApiError(403, 'insufficient_scope', `This connection was not granted the ${scopeName} scope`, {
        requiredScope: scopeName,
      });
    }
  };

  /** The Location a request acts on: the token's, or for Agency tokens the `locationId` it names. */
  const locationOf = (request: FastifyRequest): string => {
    const token = auth(request);
    const fromRequest =
      request.method === 'GET' || request.method === 'DELETE'
        ? (request.query as Query).locationId
        : (asBody(request.body).locationId as unknown);
    if (fromRequest !== undefined && fromRequest !== null && fromRequest !== '' && typeof fromRequest !== 'string') {
      throw invalid('locationId', 'must be a string');
    }
    if (token.userType === 'Location') {
      if (fromRequest && fromRequest !== token.locationId) {
        throw new ApiError(403, 'location_forbidden', 'This token belongs to another Location');
      }
      return token.locationId as string;
    }
    if (!fromRequest) throw invalid('locationId', 'is required with an Agency token');
    const location = store.location(fromRequest);
    if (!location || location.companyId !== token.companyId) throw notFound(`Location ${fromRequest}`);
    return location.id;
  };

  const inLocation = <T extends { id: string; locationId: string }>(items: T[], id: string, locationId: string, what: string): T => {
    const found = items.find((item) => item.id === id && item.locationId === locationId);
    if (!found) throw notFound(`${what} ${id}`);
    return found;
  };

  // ---- events --------------------------------------------------------------------------------
  const emit = (locationId: string, type: EventType, data: unknown) => {
    for (const subscription of store.subscriptions) {
      if (subscription.locationId !== locationId || !subscription.events.includes(type)) continue;
      const id = context.ids.next('evt');
      const body = { id, type, createdAt: now(), locationId, data };
      context.webhooks.dispatch({
        service: 'serebro',
        subscriptionId: subscription.id,
        url: subscription.url,
        event: type,
        id,
        body,
        headers: (rawBody) => ({
          'X-Serebro-Event': type,
          'X-Serebro-Delivery': id,
          'X-Serebro-Signature': serebroSignature(subscription.secret, rawBody),
        }),
      });
    }
  };

  // ---- account -------------------------------------------------------------------------------
  scope.get('/me', async (request) => {
    const token = auth(request);
    const location = token.locationId ? store.location(token.locationId) : undefined;
    return {
      user: store.user,
      user_type: token.userType,
      location: location ? { id: location.id, name: location.name } : null,
      company: store.company,
      scopes: token.scopes,
    };
  });

  scope.get('/locations', async (request) => {
    const token = auth(request);
    const visible = store.locations.filter((l) => (token.locationId ? l.id === token.locationId : l.companyId === token.companyId));
    return page(visible, request.query as Query);
  });

  // ---- contacts ------------------------------------------------------------------------------
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

  // ---- pipelines and opportunities ----------------------------------------------------------
  scope.get('/pipelines', async (request) => {
    requireScope(request, 'opportunities:read');
    const locationId = locationOf(request);
    return page(
      store.pipelines.filter((p) => p.locationId === locationId),
      request.query as Query,
    );
  });

  const STATUSES: readonly OpportunityStatus[] = ['open', 'won', 'lost', 'abandoned'];

  scope.get('/opportunities', async (request) => {
    requireScope(request, 'opportunities:read');
    const locationId = locationOf(request);
    const q = request.query as Query;
    const status = oneOf(q, 'status', STATUSES);
    const items = store.opportunities.filter(
      (o) =>
        o.locationId === locationId &&
        (!q.pipelineId || o.pipelineId === q.pipelineId) &&
        (!q.stageId || o.stageId === q.stageId) &&
        (!q.contactId || o.contactId === q.contactId) &&
        (!status || o.status === status),
    );
    // Most recently moved first, so a stage change shows at the top of the list.
    return page(
      [...items].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)),
      q,
    );
  });

  scope.get<{ Params: { id: string } }>('/opportunities/:id', async (request) => {
    requireScope(request, 'opportunities:read');
    return inLocation(store.opportunities, request.params.id, locationOf(request), 'Opportunity');
  });

  const stageOf = (locationId: string, pipelineId: string, stageId: string) => {
    const pipeline = store.pipelines.find((p) => p.id === pipelineId && p.locationId === locationId);
    if (!pipeline) throw invalid('pipelineId', `does not name a pipeline of this Location (${pipelineId})`);
    if (!pipeline.stages.some((s) => s.id === stageId)) throw invalid('stageId', `is not a stage of pipeline ${pipeline.name}`);
  };

  scope.post('/opportunities', async (request, reply) => {
    requireScope(request, 'opportunities:write');
    const locationId = locationOf(request);
    const body = asBody(request.body);
    const name = requiredString(body, 'name');
    const pipelineId = requiredString(body, 'pipelineId');
    const stageId = requiredString(body, 'stageId');
    const contactId = requiredString(body, 'contactId');
    const monetaryValue = optionalNumber(body, 'monetaryValue');
    const status = oneOf(body, 'status', STATUSES) ?? 'open';
    stageOf(locationId, pipelineId, stageId);
    if (!store.contacts.some((c) => c.id === contactId && c.locationId === locationId)) {
      throw invalid('contactId', `does not name a contact of this Location (${contactId})`);
    }
    const stamp = now();
    const opportunity: Opportunity = {
      id: context.ids.next('opp'),
      locationId,
      name,
      pipelineId,
      stageId,
      contactId,
      monetaryValue: monetaryValue ?? null,
      status,
      createdAt: stamp,
      updatedAt: stamp,
    };
    store.opportunities.push(opportunity);
    emit(locationId, 'opportunity.created', opportunity);
    return reply.code(201).send(opportunity);
  });

  scope.patch<{ Params: { id: string } }>('/opportunities/:id', async (request) => {
    requireScope(request, 'opportunities:write');
    const locationId = locationOf(request);
    const opportunity = inLocation(store.opportunities, request.params.id, locationId, 'Opportunity');
    const body = asBody(request.body);
    const name = optionalString(body, 'name', 200);
    if (name === null) throw invalid('name', 'must not be empty');
    const stageId = optionalString(body, 'stageId');
    const monetaryValue = optionalNumber(body, 'monetaryValue');
    const status = oneOf(body, 'status', STATUSES);
    if (stageId) stageOf(locationId, opportunity.pipelineId, stageId);
    const stageChanged = !!stageId && stageId !== opportunity.stageId;
    if (name) opportunity.name = name;
    if (stageId) opportunity.stageId = stageId;
    if (monetaryValue !== undefined) opportunity.monetaryValue = monetaryValue;
    if (status) opportunity.status = status;
    opportunity.updatedAt = now();
    if (stageChanged) emit(locationId, 'opportunity.stage_changed', opportunity);
    return opportunity;
  });

  // ---- services, staff, appointments ---------------------------------------------------------
  scope.get('/services', async (request) => {
    requireScope(request, 'appointments:read');
    const locationId = locationOf(request);
    return page(
      store.services.filter((s) => s.locationId === locationId),
      request.query as Query,
    );
  });

  scope.get('/staff', async (request) => {
    requireScope(request, 'appointments:read');
    const locationId = locationOf(request);
    return page(
      store.staff.filter((s) => s.locationId === locationId),
      request.query as Query,
    );
  });

  const APPOINTMENT_STATUSES: readonly Appointment['status'][] = ['booked', 'canceled', 'completed'];

  scope.get('/appointments', async (request) => {
    requireScope(request, 'appointments:read');
    const locationId = locationOf(request);
    const q = request.query as Query;
    const startAfter = optionalTimestamp(q, 'startAfter');
    const startBefore = optionalTimestamp(q, 'startBefore');
    const status = oneOf(q, 'status', APPOINTMENT_STATUSES);
    const items = store.appointments.filter(
      (a) =>
        a.locationId === locationId &&
        (!q.serviceId || a.serviceId === q.serviceId) &&
        (!q.staffId || a.staffId === q.staffId) &&
        (!status || a.status === status) &&
        (!startAfter || Date.parse(a.startTime) > Date.parse(startAfter)) &&
        (!startBefore || Date.parse(a.startTime) < Date.parse(startBefore)),
    );
    return page(newestFirst(items), q);
  });

  scope.get<{ Params: { id: string } }>('/appointments/:id', async (request) => {
    requireScope(request, 'appointments:read');
    return inLocation(store.appointments, request.params.id, locationOf(request), 'Appointment');
  });

  scope.post('/appointments', async (request, reply) => {
    requireScope(request, 'appointments:write');
    const locationId = locationOf(request);
    const body = asBody(request.body);
    const contactId = requiredString(body, 'contactId');
    const serviceId = requiredString(body, 'serviceId');
    const staffId = requiredString(body, 'staffId');
    const startTime = requiredTimestamp(body, 'startTime');
    const endTime = requiredTimestamp(body, 'endTime');
    const title = optionalString(body, 'title', 200);
    const notes = optionalString(body, 'notes', 5000);
    if (Date.parse(endTime) <= Date.parse(startTime)) throw invalid('endTime', 'must be after startTime');
    if (!store.contacts.some((c) => c.id === contactId && c.locationId === locationId)) {
      throw invalid('contactId', `does not name a contact of this Location (${contactId})`);
    }
    const service = store.services.find((s) => s.id === serviceId && s.locationId === locationId);
    if (!service) throw invalid('serviceId', `does not name a service of this Location (${serviceId})`);
    if (!store.staff.some((s) => s.id === staffId && s.locationId === locationId)) {
      throw invalid('staffId', `does not name a staff member of this Location (${staffId})`);
    }
    const [start, end] = [Date.parse(startTime), Date.parse(endTime)];
    const clash = store.appointments.find(
      (a) => a.staffId === staffId && a.status === 'booked' && Date.parse(a.startTime) < end && start < Date.parse(a.endTime),
    );
    if (clash) {
      throw new ApiError(409, 'slot_unavailable', 'The staff member is already booked at that time', {
        appointmentId: clash.id,
      });
    }
    const stamp = now();
    const appointment: Appointment = {
      id: context.ids.next('apt'),
      locationId,
      contactId,
      serviceId,
      staffId,
      title: title ?? service.name,
      notes: notes ?? null,
      status: 'booked',
      startTime,
      endTime,
      createdAt: stamp,
      updatedAt: stamp,
    };
    store.appointments.push(appointment);
    emit(locationId, 'appointment.booked', appointment);
    return reply.code(201).send(appointment);
  });

  scope.delete<{ Params: { id: string } }>('/appointments/:id', async (request) => {
    requireScope(request, 'appointments:write');
    const locationId = locationOf(request);
    const appointment = inLocation(store.appointments, request.params.id, locationId, 'Appointment');
    if (appointment.status === 'canceled') {
      throw new ApiError(409, 'already_canceled', `Appointment ${appointment.id} is already canceled`);
    }
    appointment.status = 'canceled';
    appointment.updatedAt = now();
    emit(locationId, 'appointment.canceled', appointment);
    return appointment;
  });

  // ---- workflows -----------------------------------------------------------------------------
  const publicWorkflow = ({ id, locationId, name, status, createdAt, updatedAt }: (typeof store.workflows)[number]) => ({
    id,
    locationId,
    name,
    status,
    createdAt,
    updatedAt,
  });

  scope.get('/workflows', async (request) => {
    requireScope(request, 'workflows:read');
    const locationId = locationOf(request);
    const q = request.query as Query;
    const status = oneOf(q, 'status', ['draft', 'published'] as const);
    const items = store.workflows.filter((w) => w.locationId === locationId && (!status || w.status === status));
    return page(newestFirst(items).map(publicWorkflow), q);
  });

  const advance = (execution: WorkflowExecution, needsContact: boolean) => {
    const later = (fn: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, context.options.workflowStepMs);
      timers.add(timer);
    };
    later(() => {
      execution.status = 'running';
      execution.startedAt = now();
      later(() => {
        const failed = needsContact && !execution.contactId;
        execution.status = failed ? 'failed' : 'succeeded';
        execution.error = failed ? 'This workflow needs a contact to run' : null;
        execution.finishedAt = now();
        emit(execution.locationId, 'workflow.execution.completed', execution);
      });
    });
  };

  scope.post<{ Params: { id: string } }>('/workflows/:id/execute', async (request, reply) => {
    requireScope(request, 'workflows:write');
    const locationId = locationOf(request);
    const workflow = inLocation(store.workflows, request.params.id, locationId, 'Workflow');
    const body = asBody(request.body);
    const contactId = optionalString(body, 'contactId');
    if (contactId && !store.contacts.some((c) => c.id === contactId && c.locationId === locationId)) {
      throw invalid('contactId', `does not name a contact of this Location (${contactId})`);
    }
    if (body.data !== undefined && body.data !== null && (typeof body.data !== 'object' || Array.isArray(body.data))) {
      throw invalid('data', 'must be an object');
    }
    if (workflow.status !== 'published') {
      throw new ApiError(422, 'workflow_not_published', `Workflow "${workflow.name}" is a draft: publish it before running it`, {
        field: 'workflowId',
      });
    }
    const execution: WorkflowExecution = {
      id: context.ids.next('wfx'),
      locationId,
      workflowId: workflow.id,
      contactId: contactId ?? null,
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      error: null,
      createdAt: now(),
    };
    store.executions.push(execution);
    advance(execution, workflow.needsContact);
    return reply.code(202).send(execution);
  });

  scope.get('/workflow-executions', async (request) => {
    requireScope(request, 'workflows:read');
    const locationId = locationOf(request);
    const q = request.query as Query;
    const status = oneOf(q, 'status', ['queued', 'running', 'succeeded', 'failed'] as const);
    const items = store.executions.filter(
      (x) => x.locationId === locationId && (!q.workflowId || x.workflowId === q.workflowId) && (!status || x.status === status),
    );
    return page(newestFirst(items), q);
  });

  scope.get<{ Params: { id: string } }>('/workflow-executions/:id', async (request) => {
    requireScope(request, 'workflows:read');
    return inLocation(store.executions, request.params.id, locationOf(request), 'Workflow execution');
  });

  // ---- webhook subscriptions -----------------------------------------------------------------
  scope.post('/webhooks', async (request, reply) => {
    requireScope(request, 'webhooks:write');
    const locationId = locationOf(request);
    const body = asBody(request.body);
    const url = requiredString(body, 'url');
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw invalid('url', 'must be an http(s) URL');
    }
    const events = body.events;
    if (!Array.isArray(events) || events.length === 0) throw invalid('events', 'must be a non-empty list of event types');
    const unknown = events.find((e) => !(EVENTS as readonly unknown[]).includes(e));
    if (unknown !== undefined) throw invalid('events', `holds an unknown event type ${JSON.stringify(unknown)}`);
    const subscription = {
      id: context.ids.next('whk'),
      clientId: auth(request).clientId,
      locationId,
      url,
      events: [...new Set(events as EventType[])],
      secret: `whsec_${context.ids.secret(`webhook:${store.subscriptions.length + 1}:${url}`, 40)}`,
      createdAt: now(),
    };
    store.subscriptions.push(subscription);
    const { clientId: _client, ...shown } = subscription;
    return reply.code(201).send(shown);
  });

  scope.get('/webhooks', async (request) => {
    requireScope(request, 'webhooks:read');
    const locationId = locationOf(request);
    const clientId = auth(request).clientId;
    const mine = store.subscriptions.filter((s) => s.locationId === locationId && s.clientId === clientId);
    return page(
      newestFirst(mine).map(({ id, locationId: loc, url, events, createdAt }) => ({ id, locationId: loc, url, events, createdAt })),
      request.query as Query,
    );
  });

  scope.delete<{ Params: { id: string } }>('/webhooks/:id', async (request, reply) => {
    requireScope(request, 'webhooks:write');
    const locationId = locationOf(request);
    const index = store.subscriptions.findIndex(
      (s) => s.id === request.params.id && s.locationId === locationId && s.clientId === auth(request).clientId,
    );
    if (index < 0) throw notFound(`Webhook subscription ${request.params.id}`);
    store.subscriptions.splice(index, 1);
    return reply.code(204).send();
  });

  return {
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
