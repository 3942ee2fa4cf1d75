import type { Bundle, ZObject } from 'zapier-platform-core';
import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { Appointment, appointmentOutputFields, appointmentSample } from '../schemas';

export const schema = Appointment;

export default defineTrigger({
  key: 'appointments',
  noun: 'Appointment',
  display: { label: 'Booked Appointments', description: 'Lists booked appointments for dropdowns.', hidden: true },
  operation: {
    canPaginate: true,
    perform: async (z: ZObject, bundle: Bundle) => {
      const appointments = await dropdownPage(z, bundle, {
        path: '/appointments',
        params: { status: 'booked' },
        location: bundle.inputData.locationId,
        item: recordOf(Appointment),
      });
      return appointments.map((appointment) => ({
        ...appointment,
        title: `${appointment.title ?? 'Appointment'} – ${appointment.startTime.replace('T', ' ').replace(/:00(\.000)?Z$/, ' UTC')}`,
      }));
    },
    sample: appointmentSample,
    outputFields: appointmentOutputFields,
  },
});
