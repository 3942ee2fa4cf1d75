import { appointmentFilterFields, locationField } from '../fields';
import { defineInputFields, defineTrigger, recordOf } from '../../../../kit';
import { serebroHook } from '../hooks';
import { Appointment, appointmentOutputFields, canceledAppointmentSample } from '../schemas';

const inputFields = defineInputFields([locationField, ...appointmentFilterFields]);

export const schema = Appointment;

export default defineTrigger({
  key: 'appointment_canceled',
  noun: 'Appointment',
  display: {
    label: 'Appointment Canceled',
    description: 'Triggers when an appointment is canceled in Serebro AI.',
  },
  operation: {
    inputFields,
    ...serebroHook({
      event: 'appointment.canceled',
      item: recordOf(Appointment),
      listPath: '/appointments',
      listQuery: { status: 'canceled', limit: 10 },
      filters: { serviceId: 'serviceId', staffId: 'staffId' },
    }),
    sample: canceledAppointmentSample,
    outputFields: appointmentOutputFields,
  },
});
