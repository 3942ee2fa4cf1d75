/**
 * `zapier-platform invoke` in a checkout of Cerbo against the sandbox, as the README has it
 * (suite.ts says what these files check and how).
 */
import type * as Cerbo from '../../connectors/cerbo/src/schemas';
import { checkoutAgainstSandbox, everyOtherOperation, BOOKING_DAY, RUN, STEP_MS } from './suite';

describe('zapier-platform invoke against the sandbox', () => {
  // The seeded API user `npm run sandbox` prints as authData_* lines.
  const cerbo = checkoutAgainstSandbox('cerbo', async (sandbox) => {
    const { credentials } = sandbox.services.cerbo;
    return { subdomain: String(credentials.subdomain), username: String(credentials.username), password: String(credentials.password) };
  });

  describe('Cerbo (HTTP Basic)', () => {
    let provider: Cerbo.Provider;
    let appointmentType: Cerbo.AppointmentType;
    let patient: Cerbo.Patient;

    it('auth test: the API user can read the practice\'s users', async () => {
      const users = await cerbo.cli.invoke<{ data: Cerbo.User[]; total: number }>('auth test');
      expect(users.data).toHaveLength(1);
      expect(users.total).toBeGreaterThanOrEqual(1);
    }, STEP_MS);

    it('the hidden dropdown triggers list the practice\'s providers and appointment types', async () => {
      const [providers, appointmentTypes] = await Promise.all([
        cerbo.cli.invoke<Cerbo.Provider[]>('trigger providers'),
        cerbo.cli.invoke<Cerbo.AppointmentType[]>('trigger appointment_types'),
      ]);
      expect(providers.length).toBeGreaterThan(0);
      expect(providers.every((choice) => choice.is_provider && choice.name === `${choice.first_name} ${choice.last_name}`)).toBe(true);
      expect(appointmentTypes.length).toBeGreaterThan(0);
      [provider] = providers;
      [appointmentType] = appointmentTypes;
    }, STEP_MS);

    it('create_patient creates the patient sent; find_patient, the Patient dropdown and New Patient all show it', async () => {
      const lastName = `Park-${RUN}`;
      patient = await cerbo.cli.invoke<Cerbo.Patient>('create create_patient', { first_name: 'Lena', last_name: lastName, dob: '03/07/1980', sex: 'F' });
      expect(patient).toMatchObject({ first_name: 'Lena', last_name: lastName, dob: '1980-03-07', sex: 'F' });

      const [found, dropdown, newest] = await Promise.all([
        cerbo.cli.invoke<Cerbo.Patient[]>('search find_patient', { last_name: lastName }),
        cerbo.cli.invoke<Cerbo.PatientChoice[]>('trigger patients'),
        cerbo.cli.invoke<Cerbo.Patient[]>('trigger new_patient'),
      ]);
      expect(found.map((match) => match.id)).toEqual([patient.id]);
      expect(dropdown[0]).toMatchObject({ id: patient.id, name: `${lastName}, Lena (1980-03-07)` });
      expect(newest[0]).toMatchObject({ id: patient.id, last_name: lastName });
    }, STEP_MS);

    it('api_request reads the patient with GET /patients/{id}', async () => {
      const read = await cerbo.cli.invoke<Cerbo.ApiResponse>('create api_request', { method: 'GET', path: `/patients/${patient.id}` });
      expect(read).toMatchObject({ id: patient.id, status: 200, data: { id: patient.id, last_name: patient.last_name } });
    }, STEP_MS);

    it('update_patient changes the fields given and keeps the others', async () => {
      const email = `lena.${RUN}@example.com`;
      const updated = await cerbo.cli.invoke<Cerbo.Patient>('create update_patient', { pt_id: patient.id, email1: email, city: 'Portland' });
      expect(updated).toMatchObject({ id: patient.id, first_name: 'Lena', last_name: patient.last_name, dob: '1980-03-07', email1: email, city: 'Portland' });
    }, STEP_MS);

    it('create_appointment books the patient with the provider; New Appointment for that provider lists it', async () => {
      const appointment = await cerbo.cli.invoke<Cerbo.Appointment>(
        'create create_appointment',
        {
          provider_ids: [provider.id],
          pt_id: patient.id,
          appointment_type: appointmentType.name,
          start_date_time: `${BOOKING_DAY} 15:00`,
          end_date_time: `${BOOKING_DAY} 15:30`,
          title: `Invoke visit ${RUN}`,
        },
        // The CLI gives no bundle.meta.timezone, so the connector writes times in UTC: parsing the
        // inputs in UTC too keeps 15:00 the practice's 15:00.
        ['--timezone', 'UTC'],
      );
      expect(appointment).toMatchObject({
        appointment_type: appointmentType.name,
        associated_providers: [{ id: provider.id }],
        patient_details: { id: patient.id, last_name: patient.last_name },
        title: `Invoke visit ${RUN}`,
      });
      expect(appointment.start_date_time.slice(0, 16)).toBe(`${BOOKING_DAY}T15:00`);
      expect(appointment.end_date_time.slice(0, 16)).toBe(`${BOOKING_DAY}T15:30`);

      const listed = await cerbo.cli.invoke<Cerbo.Appointment[]>('trigger new_appointment', { provider_id: provider.id });
      expect(listed.map((item) => item.id)).toContain(appointment.id);
      expect(listed.every((item) => item.associated_providers.some((assigned) => assigned.id === provider.id))).toBe(true);
    }, STEP_MS);
  });

  everyOtherOperation('cerbo', () => cerbo.cli);
});
