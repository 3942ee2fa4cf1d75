import type { Bundle, ZObject } from 'zapier-platform-core';
import { compact } from './client';
import { parseCalendarDate, todayIn, zoneOf } from './dates';
import { clean, defineInputFields, invalidInput } from '../../../kit';

/**
 * Patient fields shared by Create Patient and Update Patient, with Cerbo's own keys, and their checks.
 * Error messages name the field and never repeat the value (it is health data).
 */
export const patientFields = (required: boolean) =>
  defineInputFields([
    { key: 'first_name', label: 'First Name', type: 'string', required },
    { key: 'last_name', label: 'Last Name', type: 'string', required },
    {
      key: 'dob',
      label: 'Date of Birth',
      type: 'string',
      required,
      helpText: 'E.g. 1980-03-07, 03/07/1980 (month first) or 7 March 1980. Sent to Cerbo as YYYY-MM-DD.',
    },
    {
      key: 'sex',
      label: 'Sex',
      type: 'string',
      required,
      choices: [
        { value: 'M', label: 'Male', sample: 'M' },
        { value: 'F', label: 'Female', sample: 'F' },
        { value: 'unknown', label: 'Unknown', sample: 'unknown' },
      ],
      helpText: 'Mapped values may be M, F, Male, Female or Unknown (sent as "?").',
    },
    { key: 'email1', label: 'Email', type: 'string', required: false },
    { key: 'phone_mobile', label: 'Mobile Phone', type: 'string', required: false },
    { key: 'address1', label: 'Address', type: 'string', required: false, helpText: 'Street address, first line.' },
    { key: 'city', label: 'City', type: 'string', required: false },
    { key: 'state', label: 'State', type: 'string', required: false, helpText: 'Two-letter state code, e.g. IL.' },
    { key: 'zip', label: 'ZIP Code', type: 'string', required: false },
  ]);

/** A date of birth as `YYYY-MM-DD`: a real date, not in the future, not before 1900. */
export function dateOfBirth(z: ZObject, bundle: Bundle, value: unknown): string {
  const date = parseCalendarDate(value);
  if (!date) {
    invalidInput(z, 'Date of Birth is not a date Cerbo can take: use a real date such as 1980-03-07, 03/07/1980 or 7 March 1980.');
  }
  if (date > todayIn(zoneOf(bundle.meta?.timezone))) invalidInput(z, 'Date of Birth cannot be in the future.');
  if (date < '1900-01-01') invalidInput(z, 'Date of Birth must be after 1 January 1900.');
  return date;
}

const SEXES: Record<string, 'M' | 'F' | '?'> = {
  m: 'M',
  male: 'M',
  f: 'F',
  female: 'F',
  unknown: '?',
  u: '?',
  '?': '?',
};

export function sexCode(z: ZObject, value: unknown): 'M' | 'F' | '?' {
  const code = SEXES[String(value ?? '').trim().toLowerCase()];
  if (!code) invalidInput(z, 'Sex must be Male (M), Female (F) or Unknown.');
  return code;
}

function email(z: ZObject, value: unknown): string | undefined {
  const text = clean(value);
  if (text && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) invalidInput(z, 'Email is not an email address.');
  return text;
}

function required(z: ZObject, value: unknown, label: string): string {
  const text = clean(value);
  if (!text) invalidInput(z, `${label} is required.`);
  if (text.length > 255) invalidInput(z, `${label} is longer than 255 characters.`);
  return text;
}

type PatientInput = Record<string, unknown>;

/** The `POST /patients` body: every required field checked before any request. */
export function newPatientBody(z: ZObject, bundle: Bundle, input: PatientInput) {
  return compact({
    first_name: required(z, input.first_name, 'First Name'),
    last_name: required(z, input.last_name, 'Last Name'),
    dob: dateOfBirth(z, bundle, input.dob),
    sex: sexCode(z, input.sex),
    ...contactDetails(z, input),
  });
}

/** The optional contact details of a patient, as a create and an update send them (checked, trimmed). */
function contactDetails(z: ZObject, input: PatientInput) {
  return {
    email1: email(z, input.email1),
    phone_mobile: clean(input.phone_mobile),
    address1: clean(input.address1),
    city: clean(input.city),
    state: clean(input.state),
    zip: clean(input.zip),
  };
}

/** The `PATCH /patients/{id}` body: only the fields the user filled in, each checked. */
export function patientChanges(z: ZObject, bundle: Bundle, input: PatientInput) {
  const present = (key: string) => clean(input[key]) !== undefined;
  const changes = compact({
    first_name: present('first_name') ? required(z, input.first_name, 'First Name') : undefined,
    last_name: present('last_name') ? required(z, input.last_name, 'Last Name') : undefined,
    dob: present('dob') ? dateOfBirth(z, bundle, input.dob) : undefined,
    sex: present('sex') ? sexCode(z, input.sex) : undefined,
    ...contactDetails(z, input),
  });
  if (Object.keys(changes).length === 0) invalidInput(z, 'Fill in at least one patient field to change.');
  return changes;
}

export const patientIdField = {
  key: 'pt_id',
  label: 'Patient',
  type: 'string',
  required: true,
  dynamic: 'patients.id.name',
  search: 'find_patient.id',
  helpText: 'Choose the patient, or map a Cerbo patient ID.',
} as const;
