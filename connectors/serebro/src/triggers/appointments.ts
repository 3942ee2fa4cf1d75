import { defineTrigger } from 'zapier-platform-core';
import { dropdownPage } from '../client';
import { Appointment, appointmentOutputFields, appointmentSample } from '../schemas';

export const schema = Appointment;

export default defineTrigger({
  key: 'appointments',
  noun: 'Appointment',
  display: { label: 'Booked Appointments', description: 'Lists booked appointments for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: async (z, bundle) => {
      const appointments = await dropdownPage<Appointment>(z, bundle, '/appointments', { status: 'booked' });
      return appointments.map((appointment) => ({
        ...appointment,
        title: `${appointment.title ?? 'Appointment'} – ${appointment.startTime.replace('T', ' ').replace(/:00(\.000)?Z$/, ' UTC')}`,
      }));
    },
    sample: appointmentSample,
    outputFields: appointmentOutputFields,
  },
});
