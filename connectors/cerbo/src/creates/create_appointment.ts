import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { clean, defineCreate, defineInputFields, invalidInput, isRetryOf, recordOf } from '../../../../kit';
import { cerboRequest, compact, recordMadeByEarlierRun } from '../client';
import { toCerboDateTime, zoneOf } from '../dates';
import { patientIdField } from '../fields';
import { Appointment, appointmentOutputFields, appointmentSample } from '../schemas';

const inputFields = defineInputFields([
  {
    key: 'provider_ids',
    label: 'Provider',
    type: 'string',
    required: true,
    list: true,
    dynamic: 'providers.id.name',
    helpText: 'The provider (or providers) the appointment is with.',
  },
  patientIdField,
  {
    key: 'appointment_type',
    label: 'Appointment Type',
    type: 'string',
    required: true,
    dynamic: 'appointment_types.name.name',
    helpText: 'One of the practice\'s appointment types (Cerbo takes the type by its name).',
  },
  {
    key: 'start_date_time',
    label: 'Start Date & Time',
    type: 'datetime',
    required: true,
    helpText: 'Sent to Cerbo in the time zone of this Zap (set in the Zap\'s or your account\'s settings).',
  },
  { key: 'end_date_time', label: 'End Date & Time', type: 'datetime', required: true, helpText: 'Must be after the start.' },
  { key: 'title', label: 'Title', type: 'string', required: false },
  { key: 'appointment_note', label: 'Note', type: 'text', required: false, helpText: 'A note shown on the appointment in Cerbo.' },
]);

/** An appointment as Cerbo shows it, in the terms it is booked with (`YYYY-MM-DD HH:MM`, practice time). */
const identity = (booked: Appointment) => ({
  start_date_time: wallClock(booked.start_date_time),
  end_date_time: wallClock(booked.end_date_time),
  provider_ids: (booked.associated_providers ?? []).map((provider) => provider.id),
  pt_id: booked.patient_details?.id,
  appointment_type: booked.appointment_type,
  title: booked.title,
});

/** `2026-11-26T09:00:00-05:00` → `2026-11-26 09:00`: the practice's wall-clock time Cerbo shows with its offset. */
const wallClock = (shown: unknown) => String(shown ?? '').slice(0, 16).replace('T', ' ');

function dateTime(z: Parameters<typeof invalidInput>[0], value: unknown, label: string, timeZone: string): string {
  if (clean(value) === undefined) invalidInput(z, `${label} is required.`);
  const converted = toCerboDateTime(value, timeZone);
  if (!converted) invalidInput(z, `${label} is not a date and time: use e.g. 2026-11-26T09:00:00-05:00 or 2026-11-26 09:00.`);
  return converted;
}

const perform = (async (z, bundle) => {
  const input = bundle.inputData;
  const providerIds = (Array.isArray(input.provider_ids) ? input.provider_ids : [input.provider_ids])
    .flatMap((value) => String(value ?? '').split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  if (providerIds.length === 0) invalidInput(z, 'Provider is required: choose one from the list or map a provider ID.');
  const ptId = clean(input.pt_id);
  if (!ptId) invalidInput(z, 'Patient is required: choose one from the list or map a patient ID.');
  const appointmentType = clean(input.appointment_type);
  if (!appointmentType) invalidInput(z, 'Appointment Type is required: choose one from the list.');

  const timeZone = zoneOf(bundle.meta?.timezone);
  const start = dateTime(z, input.start_date_time, 'Start Date & Time', timeZone);
  const end = dateTime(z, input.end_date_time, 'End Date & Time', timeZone);
  if (end <= start) invalidInput(z, 'End Date & Time must be after Start Date & Time.');

  const body = compact({
    start_date_time: start,
    end_date_time: end,
    provider_ids: providerIds,
    pt_id: ptId,
    appointment_type: appointmentType,
    title: clean(input.title),
    appointment_note: clean(input.appointment_note),
  });
  // Cerbo books a second identical appointment without complaint, so the one an earlier run of this
  // step made (booked within the retry window: same patient, providers, type, times and title) is
  // looked for among that day's appointments first, and returned. (Cerbo does not show the note back.)
  const day = start.slice(0, 10);
  const list = { path: '/appointments', params: { start_date: day, end_date: day }, item: recordOf(Appointment) };
  const earlier = await recordMadeByEarlierRun(z, bundle, list, (booked) =>
    isRetryOf(booked.created, identity(booked), { ...body, appointment_note: undefined }),
  );
  return earlier ?? cerboRequest(z, bundle, { method: 'POST', path: '/appointments', body, shape: recordOf(Appointment) });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

// Every operation file ends in the same frame (its schema, key, noun, card, operation), written out in each
// rather than shared, so that each reads top to bottom on its own (see CONTRIBUTING.md).
export const schema = Appointment;

export default defineCreate({
  key: 'create_appointment',
  noun: 'Appointment',
  display: {
    label: 'Create Appointment',
    description: 'Books an appointment in Cerbo for a patient with a provider.',
  },
  operation: { inputFields, perform, sample: appointmentSample, outputFields: appointmentOutputFields },
});
