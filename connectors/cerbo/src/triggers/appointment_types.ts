import type { PollingTriggerPerform } from 'zapier-platform-core';
import { defineTrigger, recordOf } from '../../../../kit';
import { dropdownPage } from '../client';
import { AppointmentType, appointmentTypeOutputFields, appointmentTypeSample } from '../schemas';

const perform = (async (z, bundle) => dropdownPage(z, bundle, { path: '/appointment_types', item: recordOf(AppointmentType) })) satisfies PollingTriggerPerform;

export const schema = AppointmentType;

export default defineTrigger({
  key: 'appointment_types',
  noun: 'Appointment Type',
  display: { label: 'Appointment Types', description: 'Lists the practice\'s appointment types for dropdowns.', hidden: true },
  operation: { type: 'polling', canPaginate: true, perform, sample: appointmentTypeSample, outputFields: appointmentTypeOutputFields },
});
