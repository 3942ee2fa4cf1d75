import { ApiError, invalid } from '../core/errors';
import type { CustomField, CustomFieldModel, CustomFieldValue } from './store';

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

/** A list of tags, trimmed, lower-case (tags compare case-insensitively) and without repeats. */
export function optionalTags(body: Body, field = 'tags'): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string')) throw invalid(field, 'must be a list of strings');
  const tags = [...new Set((value as string[]).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
  if (tags.some((tag) => tag.length > 100)) throw invalid(field, 'must hold tags of at most 100 characters');
  return tags;
}

export function requiredTags(body: Body, field = 'tags'): string[] {
  const tags = optionalTags(body, field);
  if (!tags || tags.length === 0) throw invalid(field, 'is required: a non-empty list of tags');
  return tags;
}

/** A custom-field write: `value: null` (or an empty string or list) clears the field. */
export interface CustomFieldWrite {
  id: string;
  value: CustomFieldValue['value'] | null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function invalidCustomField(field: CustomField, problem: string): ApiError {
  return new ApiError(422, 'invalid_custom_field', `Custom field "${field.name}" ${problem}`, { field: field.id });
}

/** Checks one value against its field's data type (docs/apis.md §1.3a) and returns it as stored. */
function customFieldValue(field: CustomField, value: unknown): CustomFieldValue['value'] | null {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  const options = field.picklistOptions ?? [];
  switch (field.dataType) {
    case 'NUMERICAL':
    case 'MONETARY':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidCustomField(field, 'must be a number');
      return value;
    case 'DATE':
      if (typeof value !== 'string' || !isCalendarDate(value.trim())) throw invalidCustomField(field, 'must be a date written YYYY-MM-DD');
      return value.trim();
    case 'SINGLE_OPTIONS':
      if (typeof value !== 'string' || !options.includes(value)) {
        throw invalidCustomField(field, `must be one of its options: ${options.join(', ')}`);
      }
      return value;
    case 'CHECKBOX':
    case 'MULTIPLE_OPTIONS': {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw invalidCustomField(field, `must be a list of its options: ${options.join(', ')}`);
      }
      const unknown = (value as string[]).find((item) => !options.includes(item));
      if (unknown !== undefined) throw invalidCustomField(field, `has no option ${JSON.stringify(unknown)} (its options: ${options.join(', ')})`);
      return [...new Set(value as string[])];
    }
    default: {
      if (typeof value !== 'string') throw invalidCustomField(field, 'must be a string');
      const text = value.trim();
      if (text.length > (field.dataType === 'LARGE_TEXT' ? 10_000 : 500)) throw invalidCustomField(field, 'is too long');
      if (field.dataType === 'EMAIL' && text && !EMAIL.test(text)) throw invalidCustomField(field, 'must be an email address');
      const digits = text.replace(/\D/g, '').length;
      if (field.dataType === 'PHONE' && text && (!/^\+?[\d\s().-]+$/.test(text) || digits < 7 || digits > 15)) {
        throw invalidCustomField(field, 'must be a phone number');
      }
      return text === '' ? null : text;
    }
  }
}

/**
 * `customFields: [{id, value}]` checked against the fields of the record's model in its Location:
 * an unknown id, an option not offered or a value of the wrong type is 422 `invalid_custom_field`.
 */
export function optionalCustomFields(body: Body, fields: CustomField[], model: CustomFieldModel): CustomFieldWrite[] | undefined {
  const name = 'customFields';
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(name, 'must be a list of {id, value} objects');
  return value.map((item, index) => {
    if (!item || typeof item !== 'object' || typeof (item as Body).id !== 'string' || !((item as Body).id as string).trim()) {
      throw invalid(`${name}[${index}].id`, 'is required');
    }
    const id = ((item as Body).id as string).trim();
    const field = fields.find((f) => f.id === id);
    if (!field) {
      throw new ApiError(422, 'invalid_custom_field', `Custom field ${id} is not a ${model} field of this Location`, { field: id });
    }
    return { id, value: customFieldValue(field, (item as Body).value) };
  });
}

/** Applies writes by id: the ids given change (or go, when cleared), the others are kept. */
export function mergeCustomFields(current: CustomFieldValue[], writes: CustomFieldWrite[] | undefined): CustomFieldValue[] {
  if (!writes) return current;
  const merged = new Map(current.map((entry) => [entry.id, entry.value]));
  for (const { id, value } of writes) {
    if (value === null) merged.delete(id);
    else merged.set(id, value);
  }
  return [...merged].map(([id, value]) => ({ id, value }));
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
