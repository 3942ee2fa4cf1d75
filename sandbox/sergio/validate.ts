import { invalid } from '../core/errors';
import type { Address, NewCustomer, NewJob } from './store';

/**
 * Request-body checks shared by the Zapier API and the main API: every refusal is a 422
 * `validation_error` naming the field, as docs/apis.md §0 describes.
 */
type Body = Record<string, unknown>;

export function asBody(value: unknown): Body {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('body', 'must be a JSON object');
  return value as Body;
}

function requiredString(body: Body, field: string, max = 200, label = field): string {
  const value = body[field];
  if (typeof value !== 'string' || !value.trim()) throw invalid(label, 'is required');
  if (value.length > max) throw invalid(label, `must be at most ${max} characters`);
  return value.trim();
}

function optionalString(body: Body, field: string, max = 200, label = field): string | null {
  const value = body[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(label, 'must be a string');
  if (value.length > max) throw invalid(label, `must be at most ${max} characters`);
  return value.trim() || null;
}

export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function address(value: unknown, field: string): Address {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(field, 'is required: an object with street, city, state and zip');
  const body = value as Body;
  return {
    street: requiredString(body, 'street', 200, `${field}.street`),
    city: requiredString(body, 'city', 100, `${field}.city`),
    state: requiredString(body, 'state', 50, `${field}.state`),
    zip: requiredString(body, 'zip', 20, `${field}.zip`),
  };
}

export function parseNewJob(raw: unknown): NewJob {
  const body = asBody(raw);
  const customer_id = requiredString(body, 'customer_id');
  const service_type = requiredString(body, 'service_type');
  const scheduled_date = requiredString(body, 'scheduled_date');
  if (!isRealDate(scheduled_date)) throw invalid('scheduled_date', 'must be a real date written YYYY-MM-DD');
  const scheduled_time = requiredString(body, 'scheduled_time');
  if (!/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(scheduled_time)) throw invalid('scheduled_time', 'must be a 24-hour time written HH:MM');
  const price = body.price_cents;
  if (price !== undefined && price !== null && (typeof price !== 'number' || !Number.isSafeInteger(price) || price < 0)) {
    throw invalid('price_cents', 'must be a whole number of cents, 0 or more');
  }
  return {
    customer_id,
    service_type,
    scheduled_date,
    scheduled_time,
    address: address(body.address, 'address'),
    notes: optionalString(body, 'notes', 2000),
    price_cents: typeof price === 'number' ? price : null,
  };
}

export function parseNewCustomer(raw: unknown): NewCustomer {
  const body = asBody(raw);
  const email = optionalString(body, 'email', 254);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('email', 'is not a valid email address');
  const phone = optionalString(body, 'phone', 40);
  if (phone && !/^\+?[\d\s().-]{7,}$/.test(phone)) throw invalid('phone', 'is not a valid phone number');
  return {
    name: requiredString(body, 'name'),
    email,
    phone,
    address: body.address === undefined || body.address === null ? null : address(body.address, 'address'),
  };
}
