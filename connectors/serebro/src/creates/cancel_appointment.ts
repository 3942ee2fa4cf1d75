import { defineCreate, defineInputFields, type CreatePerform, type InferInputData } from 'zapier-platform-core';
import { segment } from '../../../../kit';
import { serebroRequest } from '../client';
import { locationField } from '../fields';
import { appointmentOutputFields, appointmentSample, type Appointment } from '../schemas';

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
  return serebroRequest<Appointment>(z, bundle, { method: 'DELETE', path: `/appointments/${appointmentId}`, inLocation: true });
}) satisfies CreatePerform<InferInputData<typeof inputFields>>;

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
