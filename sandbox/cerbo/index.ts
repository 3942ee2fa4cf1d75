import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, invalid, notFound } from '../core/errors';
import { FixedWindow, retryAfterSeconds, scaledLimit } from '../core/ratelimit';
import type { SandboxService, ServiceHandle } from '../core/service';
import { CerboStore, PROFILES, wallClock, type ApiUser, type Patient, type Permission, type Practice } from './store';
import { appointmentWindow, asBody, page, parseNewAppointment, parseNewPatient, parsePatientChanges } from './validate';

export { CerboStore, PROFILES } from './store';

/** docs/apis.md §3: 60 requests per minute per API user. */
export const REQUESTS_PER_MINUTE = 60;

export interface CerboCredentials {
  subdomain: string;
  username: string;
  password: string;
  /** A `Scheduling only` API user: it can read and book, not create or change patients (403). */
  restricted: { username: string; password: string };
  /** A `Read only` API user. */
  readOnly: { username: string; password: string };
}

export interface CerboHandle extends ServiceHandle {
  credentials: CerboCredentials & Record<string, unknown>;
  store: CerboStore;
  limits: FixedWindow;
}

/** The typed handle from `startSandbox().services`. */
export function cerboHandle(services: Record<string, ServiceHandle>): CerboHandle {
  const handle = services.cerbo as CerboHandle | undefined;
  if (!handle || !('store' in handle)) throw new Error('The sandbox has no Cerbo twin');
  return handle;
}

export function rateLimited(reply: FastifyReply, retryAfter: number | string = 60, limit = REQUESTS_PER_MINUTE): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(retryAfter))
    .send({ error: { code: 'rate_limited', message: `Too many requests: at most ${limit} per minute per API user` } });
}

interface Caller {
  practice: Practice;
  user: ApiUser;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; routes without one (admin) skip authentication. */
    permission?: Permission;
  }
}

function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const query = (request: FastifyRequest) => request.query as Record<string, unknown>;

/** `%` is Cerbo's wildcard; matching ignores case. */
function matches(pattern: unknown, value: string | null): boolean {
  if (typeof pattern !== 'string' || pattern === '') return true;
  if (value === null) return false;
  const regex = new RegExp(`^${pattern.split('%').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return regex.test(value);
}

const byCreatedDesc = <T extends { created: string }>(a: T, b: T) => b.created.localeCompare(a.created);

function registerApi(api: FastifyInstance, store: CerboStore, limits: FixedWindow): void {
  api.decorateRequest('caller', null);
  const callerOf = (request: FastifyRequest) => (request as FastifyRequest & { caller: Caller }).caller;

  api.addHook('onRequest', async (request, reply) => {
    const subdomain = (request.params as { subdomain?: string }).subdomain ?? '';
    const practice = store.practice(subdomain);
    if (!practice) throw new ApiError(404, 'practice_not_found', 'No Cerbo practice answers at this subdomain');
    const permission = request.routeOptions.config.permission;
    if (!permission) return;

    const given = basicCredentials(request.headers.authorization);
    const user = given && store.apiUser(practice, given.username, given.password);
    if (!user) {
      return reply
        .code(401)
        .header('www-authenticate', 'Basic realm="Cerbo API"')
        .send({ error: { code: 'unauthorized', message: 'The API username or secret key is not valid for this practice' } });
    }
    const window = limits.take(`${practice.subdomain}:${user.username}`);
    if (!window.allowed) return rateLimited(reply, retryAfterSeconds(window), window.limit);

    const profile = PROFILES[user.profile];
    if (!(profile.permissions as readonly Permission[]).includes(permission)) {
      throw new ApiError(403, 'permission_denied', `The permission profile "${profile.label}" does not include ${permission}`, {
        permission,
        profile: profile.label,
      });
    }
    (request as FastifyRequest & { caller: Caller }).caller = { practice, user };
  });

  const today = (practice: Practice) => wallClock(Date.now(), practice.timeZone).slice(0, 10);
  const patientOf = (practice: Practice, id: string): Patient => {
    const patient = practice.patients.find((p) => p.id === id);
    if (!patient) throw notFound('Patient');
    return patient;
  };

  api.get('/users', { config: { permission: 'users.read' } }, async (request) => page(callerOf(request).practice.staff, query(request)));

  api.get('/patients', { config: { permission: 'patients.read' } }, async (request) => {
    const { sort } = query(request);
    const patients = [...callerOf(request).practice.patients];
    if (sort === undefined || sort === '-created') patients.sort(byCreatedDesc);
    else if (sort === 'created') patients.sort((a, b) => a.created.localeCompare(b.created));
    else if (sort === 'last_name') patients.sort((a, b) => a.last_name.localeCompare(b.last_name) || a.first_name.localeCompare(b.first_name));
    else throw invalid('sort', 'must be -created, created or last_name');
    return page(patients, query(request));
  });

  api.get('/patients/search', { config: { permission: 'patients.read' } }, async (request) => {
    const q = query(request);
    const criteria = ['first_name', 'last_name', 'email', 'dob'].filter((key) => typeof q[key] === 'string' && q[key] !== '');
    if (criteria.length === 0) throw invalid('first_name', 'or last_name, email or dob is required to search');
    const found = callerOf(request)
      .practice.patients.filter(
        (p) => matches(q.first_name, p.first_name) && matches(q.last_name, p.last_name) && matches(q.email, p.email1) && matches(q.dob, p.dob),
      )
      .sort(byCreatedDesc);
    return page(found, q);
  });

  api.get<{ Params: { id: string } }>('/patients/:id', { config: { permission: 'patients.read' } }, async (request) =>
    patientOf(callerOf(request).practice, request.params.id),
  );

  api.post('/patients', { config: { permission: 'patients.write' } }, async (request, reply) => {
    const { practice } = callerOf(request);
    const patient = store.addPatient(practice, parseNewPatient(request.body, today(practice)));
    return reply.code(201).send(patient);
  });

  api.patch<{ Params: { id: string } }>('/patients/:id', { config: { permission: 'patients.write' } }, async (request) => {
    const { practice } = callerOf(request);
    const patient = patientOf(practice, request.params.id);
    return store.updatePatient(patient, parsePatientChanges(request.body, today(practice)));
  });

  api.get('/appointment_types', { config: { permission: 'appointment_types.read' } }, async (request) =>
    page(callerOf(request).practice.appointmentTypes, query(request)),
  );

  api.get('/appointments', { config: { permission: 'appointments.read' } }, async (request) => {
    const q = query(request);
    const { practice } = callerOf(request);
    const { from, to } = appointmentWindow(q);
    const inWindow = practice.appointments.filter((a) => a.start.slice(0, 10) >= from && a.start.slice(0, 10) <= to);
    if (q.sort === undefined || q.sort === '-created') inWindow.sort(byCreatedDesc);
    else if (q.sort === 'created') inWindow.sort((a, b) => a.created.localeCompare(b.created));
    else if (q.sort === 'start') inWindow.sort((a, b) => a.start.localeCompare(b.start));
    else throw invalid('sort', 'must be -created, created or start');
    const shown = page(inWindow, q);
    return { data: shown.data.map((a) => store.render(practice, a)), total: shown.total };
  });

  api.post('/appointments', { config: { permission: 'appointments.write' } }, async (request, reply) => {
    const { practice } = callerOf(request);
    const appointment = store.addAppointment(practice, parseNewAppointment(asBody(request.body), practice));
    return reply.code(201).send(store.render(practice, appointment));
  });
}

export const cerboService: SandboxService = {
  name: 'cerbo',
  prefix: '/cerbo/:subdomain',
  register(scope, context) {
    const store = new CerboStore(context.ids);
    const limits = new FixedWindow(scaledLimit(REQUESTS_PER_MINUTE, context.options.rateLimitScale), 60_000);

    scope.register(async (api) => registerApi(api, store, limits), { prefix: '/api/v1' });

    // Test helpers, outside the API (no authentication): use up an API user's minute, or reset all.
    scope.post<{ Body: { username?: string } }>('/_admin/exhaust', async (request, reply) => {
      const subdomain = (request.params as { subdomain: string }).subdomain;
      const username = request.body?.username;
      if (!store.practice(subdomain)) throw notFound('Practice');
      if (typeof username !== 'string' || !username) throw invalid('username', 'is required');
      limits.exhaust(`${subdomain}:${username}`);
      return reply.code(204).send();
    });
    scope.delete('/_admin/limits', async (_request, reply) => {
      limits.reset();
      return reply.code(204).send();
    });

    const demo = store.practice('demo')!;
    const userOf = (profile: ApiUser['profile']) => {
      const user = demo.apiUsers.find((u) => u.profile === profile)!;
      return { username: user.username, password: user.password };
    };
    const handle: CerboHandle = {
      credentials: { subdomain: demo.subdomain, ...userOf('full_access'), restricted: userOf('scheduling_only'), readOnly: userOf('read_only') },
      env: (origin) => ({ CERBO_BASE_URL: `${origin}/cerbo/{subdomain}` }),
      rateLimited: (reply, retryAfter) => rateLimited(reply, retryAfter ?? 60, limits.limit),
      state: () =>
        Object.fromEntries(
          [...store.practices.values()].map((p) => [
            p.subdomain,
            {
              apiUsers: p.apiUsers.map((u) => ({ username: u.username, profile: u.profile })),
              staff: p.staff.length,
              patients: p.patients.length,
              appointmentTypes: p.appointmentTypes.length,
              appointments: p.appointments.length,
            },
          ]),
        ),
      store,
      limits,
    };
    return handle;
  },
};
