import type { Bundle, CreatePerform, InferInputData, ZObject } from 'zapier-platform-core';
import { clean, defineCreate, defineInputFields, invalidInput, isRetryOf, recordOf, requireText } from '../../../../kit';
import { listPage, serebroRequest } from '../client';
import { contactIdField, locationField } from '../fields';
import { Appointment, appointmentOutputFields, appointmentSample } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  contactIdField(true, 'The contact the appointment is for.'),
  { key: 'serviceId', label: 'Service', required: true, dynamic: 'services.id.name' },
  { key: 'staffId', label: 'Staff Member', required: true, dynamic: 'staff.id.name' },
  { key: 'startTime', label: 'Start Time', type: 'datetime', required: true },
  { key: 'endTime', label: 'End Time', type: 'datetime', required: true, helpText: 'Must be after the start time.' },
  { key: 'title', label: 'Title', helpText: 'Defaults to the service name.' },
  { key: 'notes', label: 'Notes', type: 'text' },
]);

/** An instant in ISO-8601 UTC, or a clear error naming the field. */
function instant(z: ZObject, value: unknown, label: string): { iso: string; ms: number } {
  const text = clean(value);
  const ms = text ? Date.parse(text) : NaN;
  if (!text || Number.isNaN(ms)) {
    invalidInput(z, `${label} must be a date and time, e.g. 2026-12-01T15:00:00Z.`);
  }
  return { iso: new Date(ms).toISOString().replace('.000Z', 'Z'), ms };
}

/** What tells one booking from another: who, what, with whom and when (instants compared, not their spelling). */
const identity = (appointment: Record<string, unknown>) => ({
  contactId: appointment.contactId,
  serviceId: appointment.serviceId,
  staffId: appointment.staffId,
  startTime: Date.parse(String(appointment.startTime)),
  endTime: Date.parse(String(appointment.endTime)),
  title: appointment.title,
});

/**
 * On a taken slot: the booking that holds it, when an earlier run of this step made it (its answer
 * lost, the step retried or replayed): booked within the retry window for the same contact, service,
 * staff member, times and title.
 */
async function bookingMadeByEarlierRun(z: ZObject, bundle: Bundle, body: Record<string, unknown>, startMs: number): Promise<Appointment | undefined> {
  const { items } = await listPage(z, bundle, {
    path: '/appointments',
    params: {
      staffId: String(body.staffId),
      status: 'booked',
      startAfter: new Date(startMs - 1000).toISOString(),
      startBefore: new Date(startMs + 1000).toISOString(),
      limit: 100,
    },
    location: bundle.inputData.locationId,
    item: recordOf(Appointment),
  });
  return items.find((booked) => isRetryOf(booked.createdAt, identity(booked), identity(body)));
}

const perform = (async (z, bundle) => {
  const start = instant(z, bundle.inputData.startTime, 'Start Time');
  const end = instant(z, bundle.inputData.endTime, 'End Time');
  if (end.ms <= start.ms) {
    invalidInput(z, `End Time (${end.iso}) must be after Start Time (${start.iso}).`);
  }
  const body: Record<string, unknown> = {
    contactId: requireText(z, bundle.inputData.contactId, 'Contact'),
    serviceId: requireText(z, bundle.inputData.serviceId, 'Service'),
    staffId: requireText(z, bundle.inputData.staffId, 'Staff Member'),
    startTime: start.iso,
    endTime: end.iso,
  };
  const title = clean(bundle.inputData.title);
  const notes = clean(bundle.inputData.notes);
  if (title) body.title = title;
  if (notes) body.notes = notes;
  // Written like Create Contact's on purpose: each create states its own request, its recovery from the
  // 409 a lost first run leaves, and its explanation side by side, so that the whole create reads in one place.
  return serebroRequest(z, bundle, {
    method: 'POST',
    path: '/appointments',
    body,
    location: bundle.inputData.locationId,
    shape: recordOf(Appointment),
    recover: async (status, error) =>
      status === 409 && error?.code === 'slot_unavailable' ? bookingMadeByEarlierRun(z, bundle, body, start.ms) : undefined,
    explain: (status, error) =>
      status === 409 && error?.code === 'slot_unavailable'
        ? 'That time is already booked for this staff member in Serebro AI. Choose another time or staff member.'
        : undefined,
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = Appointment;

export default defineCreate({
  key: 'create_appointment',
  noun: 'Appointment',
  display: {
    label: 'Create Appointment',
    description: 'Books an appointment for a contact with a service and staff member in Serebro AI.',
  },
  operation: { inputFields, perform, sample: appointmentSample, outputFields: appointmentOutputFields },
});
