import type { StepPlan } from './harness';
import { registerCerboPatient, zap2Patient } from './events';
import { Dedupe, dropdown, dropdownName, one, perform, poll } from './steps';
import { slot, type Item, type ZapRun } from './zap-run';

/**
 * Zap 2 · a patient registered in Cerbo (a polling trigger, deduplicated from its first poll) becomes a
 * Serebro AI contact with a consultation booked, service and staff chosen from the dropdowns.
 */
export function zap2(zapRun: ZapRun): StepPlan[] {
  const { context, tag } = zapRun;
  const card = context.card.bind(context);
  const patients = new Dedupe();
  let patientId: unknown;
  let patient: Item | undefined;
  let contact: Item | undefined;
  const steps: StepPlan[] = [
    {
      connector: 'cerbo',
      operation: `Turn on · ${card('cerbo', 'triggers', 'new_patient')} · first poll fills dedupe`,
      run: async () => {
        const existing = await poll(context, 'cerbo', 'new_patient', {}, { isPopulatingDedupe: true });
        patients.prime(existing);
        return `${existing.length} existing patients remembered, so they never trigger the Zap`;
      },
    },
    {
      connector: 'cerbo',
      operation: 'Event · the front desk registers a patient (Cerbo API)',
      run: async () => {
        const created = await registerCerboPatient(context, zap2Patient(tag));
        patientId = created.id;
        // Health records: the transcript names patients by id only.
        return `patient ${String(patientId)} registered`;
      },
    },
    {
      connector: 'cerbo',
      operation: `Trigger · ${card('cerbo', 'triggers', 'new_patient')} · poll`,
      run: async () => {
        const items = await poll(context, 'cerbo', 'new_patient');
        const fresh = patients.fresh(items);
        patient = one(fresh, 'new patient');
        if (String(patient.id) !== String(patientId)) throw new Error('the new item is not the patient just registered');
        return `poll returned ${items.length} patients newest first; dedupe leaves 1 new: patient ${String(patient.id)}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Create · ${card('serebro', 'creates', 'create_contact')}`,
      run: async () => {
        if (!patient) throw new Error('no patient from the trigger');
        contact = await perform<Item>(context, 'serebro', 'creates', 'create_contact', {
          firstName: patient.first_name,
          lastName: patient.last_name,
          email: patient.email1,
          phone: patient.phone_mobile,
          source: 'Cerbo',
          tags: ['patient'],
        });
        return `contact ${String(contact.id)} created from patient ${String(patient.id)} (source Cerbo, tag patient)`;
      },
    },
    {
      connector: 'serebro',
      operation: `Action · ${card('serebro', 'creates', 'create_appointment')} · book`,
      run: async () => {
        if (!contact) throw new Error('no contact from the previous step');
        const service = await dropdown(context, 'serebro', 'creates', 'create_appointment', 'serviceId', {}, (s) => /consult/i.test(String(s.name)));
        const staff = await dropdown(context, 'serebro', 'creates', 'create_appointment', 'staffId', { serviceId: service.value });
        const appointment = await perform<Item>(context, 'serebro', 'creates', 'create_appointment', {
          contactId: contact.id,
          serviceId: service.value,
          staffId: staff.value,
          ...slot(4, 15, 45),
          title: 'Initial consultation',
        });
        return `appointment ${String(appointment.id)} ${String(appointment.status)} ${String(appointment.startTime)}: "${service.label}" and "${staff.label}" from the ${dropdownName(service)} and ${dropdownName(staff)} dropdowns`;
      },
    },
  ];
  return steps;
}
