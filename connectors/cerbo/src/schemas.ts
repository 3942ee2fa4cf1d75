import * as z from 'zod/mini';
import { outputFieldsFrom, passthroughOutputFields, passthroughSchema } from '../../../kit';

/** Cerbo resources (docs/apis.md §3): types, samples and output fields all come from here. */
const timestamp = () => z.iso.datetime({ offset: true });
const text = () => z.nullable(z.string());

export const User = z.object({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  email: text(),
  is_provider: z.boolean(),
  active: z.boolean(),
});
export type User = z.infer<typeof User>;

/** A provider as the dropdown offers it: the user plus a display `name`. */
export const Provider = z.extend(User, { name: z.string() });
export type Provider = z.infer<typeof Provider>;

export const Patient = z.object({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  dob: z.iso.date(),
  sex: z.enum(['M', 'F', '?']),
  email1: text(),
  phone_mobile: text(),
  address1: text(),
  city: text(),
  state: text(),
  zip: text(),
  patient_status_description: text(),
  created: timestamp(),
  updated: timestamp(),
});
export type Patient = z.infer<typeof Patient>;

/** A patient as the dropdown offers it: `name` is "Last, First (date of birth)". */
export const PatientChoice = z.extend(Patient, { name: z.string() });
export type PatientChoice = z.infer<typeof PatientChoice>;

export const AppointmentType = z.object({
  id: z.string(),
  name: z.string(),
  duration_minutes: z.nullable(z.number()),
});
export type AppointmentType = z.infer<typeof AppointmentType>;

export const Appointment = z.object({
  id: z.string(),
  start_date_time: timestamp(),
  end_date_time: timestamp(),
  appointment_type: z.string(),
  appointment_status: text(),
  associated_providers: z.array(z.object({ id: z.string(), name: z.string() })),
  patient_details: z.object({ id: z.string(), first_name: z.string(), last_name: z.string() }),
  title: text(),
  created: timestamp(),
});
export type Appointment = z.infer<typeof Appointment>;

const labels = {
  dob: 'Date of Birth',
  email1: 'Email',
  phone_mobile: 'Mobile Phone',
  address1: 'Address',
  patient_status_description: 'Patient Status',
  created: 'Created At',
  updated: 'Updated At',
  start_date_time: 'Start Date & Time',
  end_date_time: 'End Date & Time',
  'associated_providers[]id': 'Provider ID',
  'associated_providers[]name': 'Provider Name',
  patient_details__id: 'Patient ID',
  patient_details__first_name: 'Patient First Name',
  patient_details__last_name: 'Patient Last Name',
};

export const userSample: User = {
  id: 'usr_1fd4812d0eff074f',
  first_name: 'Ana',
  last_name: 'Lopez',
  email: 'ana.lopez@demo.example.com',
  is_provider: true,
  active: true,
};
export const providerSample: Provider = { ...userSample, name: 'Ana Lopez' };

export const patientSample: Patient = {
  id: 'pt_999e1aef50972083',
  first_name: 'Maria',
  last_name: 'Garcia',
  dob: '1978-04-12',
  sex: 'F',
  email1: 'maria.garcia@example.com',
  phone_mobile: '+15555550101',
  address1: '12 Elm Street',
  city: 'Springfield',
  state: 'IL',
  zip: '62701',
  patient_status_description: 'Active',
  created: '2026-11-15T06:18:18.117Z',
  updated: '2026-11-15T06:18:18.117Z',
};
export const patientChoiceSample: PatientChoice = { ...patientSample, name: 'Garcia, Maria (1978-04-12)' };

export const appointmentTypeSample: AppointmentType = { id: 'apt_type_5ca04ab8eb6e22ac', name: 'New Patient Visit', duration_minutes: 60 };

// Samples are literal records of each service, written out whole: they resemble the other connectors' only in shape.
export const appointmentSample: Appointment = {
  id: 'appt_0e9c00b8070ab32e',
  start_date_time: '2026-12-02T14:30:00-05:00',
  end_date_time: '2026-12-02T15:00:00-05:00',
  appointment_type: 'Follow-up',
  appointment_status: 'Scheduled',
  associated_providers: [{ id: 'usr_1bca755293e01105', name: 'Ben Okafor' }],
  patient_details: { id: 'pt_999e1aef50972083', first_name: 'Maria', last_name: 'Garcia' },
  title: 'Follow-up visit',
  created: '2026-11-22T06:18:18.117Z',
};

export const providerOutputFields = outputFieldsFrom(Provider);
export const patientOutputFields = outputFieldsFrom(Patient, labels);
export const patientChoiceOutputFields = outputFieldsFrom(PatientChoice, labels);
export const appointmentTypeOutputFields = outputFieldsFrom(AppointmentType);
export const appointmentOutputFields = outputFieldsFrom(Appointment, labels);

/** What API Request returns: the status, the content type, the answer's JSON (Cerbo sends Retry-After only with a 429). */
export const ApiResponse = passthroughSchema([]);
export type ApiResponse = z.infer<typeof ApiResponse>;
export const apiResponseSample: ApiResponse = {
  id: patientSample.id,
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  data: patientSample,
};
export const apiResponseOutputFields = passthroughOutputFields(ApiResponse);

