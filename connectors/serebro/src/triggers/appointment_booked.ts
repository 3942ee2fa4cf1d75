import { appointmentFilterFields, locationField } from '../fields';
import { defineInputFields, defineTrigger, recordOf } from '../../../../kit';
import { serebroHook } from '../hooks';
import { Appointment, appointmentOutputFields, appointmentSample } from '../schemas';

const inputFields = defineInputFields([locationField, ...appointmentFilterFields]);

export const schema = Appointment;

export default defineTrigger({
  key: 'appointment_booked',
  noun: 'Appointment',
  display: {
    label: 'New Appointment Booked',
    description: 'Triggers when an appointment is booked in Serebro AI.',
  },
  operation: {
    inputFields,
    ...serebroHook({
      event: 'appointment.booked',
      item: recordOf(Appointment),
      listPath: '/appointments',
      listQuery: { limit: 10 },
      filters: { serviceId: 'serviceId', staffId: 'staffId' },
    }),
    sample: appointmentSample,
    outputFields: appointmentOutputFields,
  },
});
