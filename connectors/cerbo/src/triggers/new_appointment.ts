import type { InferInputData, PollingTriggerPerform } from 'zapier-platform-core';
import { listPage } from '../client';
import { addDays, todayIn, zoneOf } from '../dates';
import { Appointment, appointmentOutputFields, appointmentSample } from '../schemas';
import { clean, defineInputFields, defineTrigger, recordOf } from '../../../../kit';

/**
 * Cerbo lists appointments by the date they are for, over at most 90 days. New bookings are mostly
 * for the coming weeks, so one request per poll covers a week back and 83 days ahead, newest
 * booking first; Zapier remembers the IDs it has seen.
 */
export const DAYS_BACK = 7;
export const WINDOW_DAYS = 90;

const inputFields = defineInputFields([
  {
    key: 'provider_id',
    label: 'Provider',
    type: 'string',
    required: false,
    dynamic: 'providers.id.name',
    helpText: 'Only appointments with this provider. Leave empty for every provider.',
  },
]);

const perform = (async (z, bundle) => {
  const start = addDays(todayIn(zoneOf(bundle.meta?.timezone)), -DAYS_BACK);
  const page = await listPage(z, bundle, {
    path: '/appointments',
    params: { start_date: start, end_date: addDays(start, WINDOW_DAYS), sort: '-created', limit: 100 },
    item: recordOf(Appointment),
  });
  const provider = clean(bundle.inputData.provider_id);
  const appointments = page.data ?? [];
  return provider ? appointments.filter((a) => a.associated_providers?.some((p) => p.id === provider)) : appointments;
}) satisfies PollingTriggerPerform<InferInputData<typeof inputFields>>;

export const schema = Appointment;

export default defineTrigger({
  key: 'new_appointment',
  noun: 'Appointment',
  display: {
    label: 'New Appointment',
    description: 'Triggers when an appointment is booked in Cerbo for a date from a week ago to about twelve weeks ahead.',
  },
  operation: { type: 'polling', inputFields, perform, sample: appointmentSample, outputFields: appointmentOutputFields },
});
