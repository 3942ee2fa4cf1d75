import { ApiError, invalid } from '../core/errors';
import type { CustomFieldValue } from './store';

/** Body and query checks shared by the v2 routes: each failure is a 422 naming the field. */
export type Body = Record<string, unknown>;

export function asBody(body: unknown): Body {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'bad_request', 'The request body must be a JSON object');
  }
  return body as Body;
}

export function optionalString(body: Body, field: string, max = 500): string | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  const trimmed = value.trim();
  if (trimmed.length > max) throw invalid(field, `must be at most ${max} characters`);
  return trimmed === '' ? null : trimmed;
}

export function requiredString(body: Body, field: string): string {
  const value = optionalString(body, field);
  if (!value) throw invalid(field, 'is required');
  return value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function optionalEmail(body: Body, field = 'email'): string | null | undefined {
  const value = optionalString(body, field, 254);
  if (value && !EMAIL.test(value)) throw invalid(field, 'must be a valid email address');
  return value ? value.toLowerCase() : value;
}

export function optionalPhone(body: Body, field = 'phone'): string | null | undefined {
  const value = optionalString(body, field, 40);
  if (!value) return value;
  const digits = value.replace(/\D/g, '');
  if (!/^\+?[\d\s().-]+$/.test(value) || digits.length < 7 || digits.length > 15) {
    throw invalid(field, 'must be a phone number (7 to 15 digits, E.164 preferred)');
  }
  return (value.startsWith('+') ? '+' : '') + digits;
}

export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '');
}

export function optionalTimestamp(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    throw invalid(field, 'must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-24T18:00:00Z');
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(field, 'is not a valid date');
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function requiredTimestamp(body: Body, field: string): string {
  const value = optionalTimestamp(body, field);
  if (!value) throw invalid(field, 'is required');
  return value;
}

export function optionalNumber(body: Body, field: string): number | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'must be a number');
  if (value < 0) throw invalid(field, 'must not be negative');
  return value;
}

export function optionalBoolean(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
  return value;
}

export function optionalTags(body: Body, field = 'tags'): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string')) throw invalid(field, 'must be a list of strings');
  const tags = [...new Set((value as string[]).map((tag) => tag.trim()).filter(Boolean))];
  if (tags.some((tag) => tag.length > 100)) throw invalid(field, 'must hold tags of at most 100 characters');
  return tags;
}

export function optionalCustomFields(body: Body, field = 'customFields'): CustomFieldValue[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(field, 'must be a list of {id, value} objects');
  return value.map((item, index) => {
    if (!item || typeof item !== 'object' || typeof (item as Body).id !== 'string' || !((item as Body).id as string).trim()) {
      throw invalid(`${field}[${index}].id`, 'is required');
    }
    const v = (item as Body).value;
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
      throw invalid(`${field}[${index}].value`, 'must be a string, number, boolean or null');
    }
    return { id: ((item as Body).id as string).trim(), value: (v ?? null) as CustomFieldValue['value'] };
  });
}

export function oneOf<T extends string>(body: Body, field: string, allowed: readonly T[]): T | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** `limit` (1–100, default 20) and an opaque `cursor` holding the offset of the next page. */
export function pageParams(query: Record<string, string | undefined>): { limit: number; offset: number } {
  let limit = 20;
  if (query.limit !== undefined && query.limit !== '') {
    limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit', 'must be an integer from 1 to 100');
  }
  let offset = 0;
  if (query.cursor) {
    const decoded = /^o:(\d{1,9})$/.exec(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    if (!decoded) throw invalid('cursor', 'is not a cursor this API returned');
    offset = Number(decoded[1]);
  }
  return { limit, offset };
}

export function page<T>(items: T[], query: Record<string, string | undefined>) {
  const { limit, offset } = pageParams(query);
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(`o:${offset + limit}`).toString('base64url') : null;
  return { data: slice, meta: { nextCursor: next } };
}

/** Newest first; the creation order breaks ties between records made in the same millisecond. */
export function newestFirst<T extends { createdAt: string }>(items: T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => Date.parse(b.item.createdAt) - Date.parse(a.item.createdAt) || b.index - a.index)
    .map(({ item }) => item);
}
