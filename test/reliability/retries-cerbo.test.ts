import type { Sandbox } from '../../sandbox';
import type { CerboStore } from '../../sandbox/cerbo/store';
import { registerPatientValue } from './leaks';
import { describeRetries } from './retries';
import { uniqueTag } from './sandboxes';

const practice = (sandbox: Sandbox) => (sandbox.services.cerbo as unknown as { store: CerboStore }).store.practice('demo')!;
let slot = 0;

describeRetries('cerbo', [
  {
    create: 'creates.create_patient',
    losePath: /\/api\/v1\/patients$/,
    apiOffers: 'GET /patients?sort=-created, read before creating and matched on name, date of birth and sex',
    input: () => {
      const tag = uniqueTag();
      const patient = { first_name: `Retryna${tag}`, last_name: `Doublewick${tag}`, dob: '1979-03-21', sex: 'F' };
      registerPatientValue(patient.first_name, 'first_name');
      registerPatientValue(patient.last_name, 'last_name');
      return patient;
    },
    count: (sandbox, input) =>
      practice(sandbox).patients.filter((p) => p.first_name === input.first_name && p.last_name === input.last_name).length,
  },
  {
    create: 'creates.create_appointment',
    losePath: /\/api\/v1\/appointments$/,
    apiOffers: 'GET /appointments for the day, read before creating and matched on patient, providers, type, times and title',
    input: (sandbox) => {
      const p = practice(sandbox);
      slot += 1;
      const day = String(10 + slot).padStart(2, '0');
      return {
        provider_ids: [p.staff.find((s) => s.is_provider)!.id],
        appointment_type: p.appointmentTypes[0].name,
        pt_id: p.patients[0].id,
        start_date_time: `2027-03-${day} 09:00`,
        end_date_time: `2027-03-${day} 09:30`,
        title: `Retry visit ${uniqueTag()}`,
      };
    },
    count: (sandbox, input) => practice(sandbox).appointments.filter((a) => a.title === input.title).length,
  },
]);
