import { invalid } from '../core/errors';
import type { Patient, Practice, StoredAppointment } from './store';

/** Validation as Cerbo does it: 422 `validation_error` naming the field (never echoing the value). */
type Body = Record<string, unknown>;

export function asBody(body: unknown): Body {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('body', 'must be a JSON object');
  return body as Body;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** `limit` 1–100 (100 when absent) and `offset` ≥ 0. */
export function paging(query: Record<string, unknown>): { limit: number; offset: number } {
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit', 'must be an integer from 1 to 100');
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(offset) || offset < 0) throw invalid('offset', 'must be a non-negative integer');
  return { limit, offset };
}

export function page<T>(items: T[], query: Record<string, unknown>): { data: T[]; total: number } {
  const { limit, offset } = paging(query);
  return { data: items.slice(offset, offset + limit), total: items.length };
}

/** A real calendar date `YYYY-MM-DD` (`2026-02-30` is refused). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function date(field: string, value: unknown): string {
  const given = text(value);
  if (!given) throw invalid(field, 'is required (YYYY-MM-DD)');
  if (!isCalendarDate(given)) throw invalid(field, 'must be a date as YYYY-MM-DD');
  return given;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):([0-5]\d)$/;

function dateTime(field: string, value: unknown): string {
  const given = text(value);
  if (!given) throw invalid(field, 'is required (YYYY-MM-DD HH:MM)');
  const match = DATE_TIME.exec(given);
  if (!match || !isCalendarDate(match[1])) throw invalid(field, 'must be a date and time as YYYY-MM-DD HH:MM');
  return given;
}

const MAX_TEXT = 255;

function optionalText(body: Body, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (value.length > MAX_TEXT) throw invalid(field, `must be at most ${MAX_TEXT} characters`);
  return value.trim() || null;
}

function requiredText(body: Body, field: string): string {
  const value = optionalText(body, field);
  if (!value) throw invalid(field, 'is required');
  return value;
}

function dob(value: unknown, today: string): string {
  const given = date('dob', value);
  if (given > today) throw invalid('dob', 'cannot be in the future');
  if (given < '1900-01-01') throw invalid('dob', 'must be after 1900-01-01');
  return given;
}

function sex(value: unknown): Patient['sex'] {
  if (value === 'M' || value === 'F' || value === '?') return value;
  throw invalid('sex', 'must be M, F or ?');
}

function email(body: Body): string | null | undefined {
  const value = optionalText(body, 'email1');
  if (value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw invalid('email1', 'must be an email address');
  return value;
}

const OPTIONAL_PATIENT_FIELDS = ['phone_mobile', 'address1', 'city', 'state', 'zip'] as const;

type NewPatient = Omit<Patient, 'id' | 'created' | 'updated' | 'patient_status_description'>;

export function parseNewPatient(raw: unknown, today: string): NewPatient {
  const body = asBody(raw);
  const patient: NewPatient = {
    first_name: requiredText(body, 'first_name'),
    last_name: requiredText(body, 'last_name'),
    dob: dob(body.dob, today),
    sex: sex(body.sex),
    email1: email(body) ?? null,
    phone_mobile: null,
    address1: null,
    city: null,
    state: null,
    zip: null,
  };
  for (const field of OPTIONAL_PATIENT_FIELDS) patient[field] = optionalText(body, field) ?? null;
  return patient;
}

export function parsePatientChanges(raw: unknown, today: string): Partial<Patient> {
  const body = asBody(raw);
  const changes: Partial<Patient> = {};
  if (body.first_name !== undefined) changes.first_name = requiredText(body, 'first_name');
  if (body.last_name !== undefined) changes.last_name = requiredText(body, 'last_name');
  if (body.dob !== undefined) changes.dob = dob(body.dob, today);
  if (body.sex !== undefined) changes.sex = sex(body.sex);
  if (body.email1 !== undefined) changes.email1 = email(body) ?? null;
  for (const field of OPTIONAL_PATIENT_FIELDS) {
    if (body[field] !== undefined) changes[field] = optionalText(body, field) ?? null;
  }
  const known = new Set(['first_name', 'last_name', 'dob', 'sex', 'email1', ...OPTIONAL_PATIENT_FIELDS]);
  const unknown = Object.keys(body).find((key) => !known.has(key));
  if (unknown) throw invalid(unknown.replace(/[^a-z0-9_]/gi, '').slice(0, 40) || 'body', 'is not a patient field that can be changed');
  if (Object.keys(changes).length === 0) throw invalid('body', 'must change at least one field');
  return changes;
}

type NewAppointment = Omit<StoredAppointment, 'id' | 'created'>;

export function parseNewAppointment(raw: unknown, practice: Practice): NewAppointment {
  const body = asBody(raw);
  const start = dateTime('start_date_time', body.start_date_time);
  const end = dateTime('end_date_time', body.end_date_time);
  if (end <= start) throw invalid('end_date_time', 'must be after start_date_time');

  const providerIds = body.provider_ids;
  if (!Array.isArray(providerIds) || providerIds.length === 0) throw invalid('provider_ids', 'must be a non-empty list of provider IDs');
  const providers = providerIds.map((id) => practice.staff.find((user) => user.id === String(id)));
  if (providers.some((user) => !user || !user.is_provider || !user.active)) {
    throw invalid('provider_ids', 'must name active providers of this practice');
  }

  const ptId = text(typeof body.pt_id === 'number' ? String(body.pt_id) : body.pt_id);
  if (!ptId) throw invalid('pt_id', 'is required');
  if (!practice.patients.some((patient) => patient.id === ptId)) throw invalid('pt_id', 'does not name a patient of this practice');

  const typeName = text(body.appointment_type);
  if (!typeName) throw invalid('appointment_type', 'is required');
  const type = practice.appointmentTypes.find((t) => t.name.toLowerCase() === typeName.toLowerCase());
  if (!type) throw invalid('appointment_type', 'must be the name of one of the practice\'s appointment types');

  const status = optionalText(body, 'status');
  return {
    start,
    end,
    appointment_type: type.name,
    appointment_status: status ?? 'Scheduled',
    provider_ids: providers.map((user) => user!.id),
    pt_id: ptId,
    title: optionalText(body, 'title') ?? null,
    appointment_note: body.appointment_note === undefined ? null : (optionalTextLong(body, 'appointment_note') ?? null),
  };
}

function optionalTextLong(body: Body, field: string): string | null {
  const value = body[field];
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (value.length > 10_000) throw invalid(field, 'must be at most 10000 characters');
  return value;
}

/** `start_date`/`end_date` of `GET /appointments`: both required, end not before start, at most 90 days. */
export function appointmentWindow(query: Record<string, unknown>): { from: string; to: string } {
  const from = date('start_date', query.start_date);
  const to = date('end_date', query.end_date);
  if (to < from) throw invalid('end_date', 'must not be before start_date');
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days > 90) throw invalid('end_date', 'must be at most 90 days after start_date');
  return { from, to };
}
