import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { defineCreate, defineInputFields, recordOf, segment } from '../../../../kit';
import { serebroRequest } from '../client';
import { locationField } from '../fields';
import { Appointment, appointmentOutputFields, appointmentSample } from '../schemas';

const inputFields = defineInputFields([
  locationField,
  {
    key: 'appointmentId',
    label: 'Appointment',
    required: true,
    dynamic: 'appointments.id.title',
    helpText: 'The booked appointment to cancel.',
  },
]);

const perform = (async (z, bundle) => {
  const appointmentId = segment(z, bundle.inputData.appointmentId, 'Appointment');
  const location = bundle.inputData.locationId;
  return serebroRequest(z, bundle, {
    method: 'DELETE',
    path: `/appointments/${appointmentId}`,
    location,
    shape: recordOf(Appointment),
    // Canceling twice (a retried step, or a Zap canceling an appointment someone already canceled)
    // ends where the user wanted: the appointment canceled. Return it as it is now.
    recover: async (status, error) =>
      status === 409 && error?.code === 'already_canceled'
        ? serebroRequest(z, bundle, { path: `/appointments/${appointmentId}`, location, shape: recordOf(Appointment) })
        : undefined,
  });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

export const schema = Appointment;

export default defineCreate({
  key: 'cancel_appointment',
  noun: 'Appointment',
  display: { label: 'Cancel Appointment', description: 'Cancels a booked appointment in Serebro AI.' },
  operation: {
    inputFields,
    perform,
    sample: { ...appointmentSample, status: 'canceled' },
    outputFields: appointmentOutputFields,
  },
});
