import type { StepPlan } from './harness';
import { serebroApi } from './events';
import { dataId, dropdown, dropdownName, one, perform, receive, type DropdownChoice } from './steps';
import { slot, type Item, type ZapRun } from './zap-run';

/**
 * Zap 4 · a visit the lead books in Serebro AI runs the reminder workflow, after the access token
 * expired on the way: the action refreshes it (the refresh token rotates) and goes on. The booking is
 * handed on to Zap 5, in which the lead cancels it.
 */
export function zap4(zapRun: ZapRun, earlier: { lead: () => Item | undefined }): { steps: StepPlan[]; booked: () => Item | undefined } {
  const { context } = zapRun;
  const { lead } = earlier;
  const card = context.card.bind(context);
  let booked: Item | undefined;
  let bookedFromTrigger: Item | undefined;
  let serviceFilter: DropdownChoice | undefined;
  const steps: StepPlan[] = [
    {
      connector: 'serebro',
      operation: `Turn on · ${card('serebro', 'triggers', 'appointment_booked')} · subscribe`,
      run: async () => {
        serviceFilter = await dropdown(context, 'serebro', 'triggers', 'appointment_booked', 'serviceId', {}, (s) => /massage/i.test(String(s.name)));
        return `${await zapRun.turnOn('serebro', 'appointment_booked', { serviceId: serviceFilter.value })}; Service filter "${serviceFilter.label}"`;
      },
    },
    {
      connector: 'serebro',
      operation: 'Event · the lead books a visit in the Serebro AI calendar',
      run: async () => {
        const contact = lead();
        if (!contact || !serviceFilter) throw new Error('no contact or service to book');
        const staff = await serebroApi<{ data: Item[] }>(context, 'Listing Serebro staff', 'GET', '/staff');
        booked = await serebroApi<Item>(context, 'Booking in the Serebro calendar', 'POST', '/appointments', {
          contactId: contact.id,
          serviceId: serviceFilter.value,
          staffId: staff.data[staff.data.length - 1]?.id,
          ...slot(6, 17, 60),
          title: 'Massage therapy',
        });
        return `appointment ${String(booked.id)} booked for contact ${String(contact.id)} at ${String(booked.startTime)}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Trigger · ${card('serebro', 'triggers', 'appointment_booked')} · signed delivery → perform`,
      run: async () => {
        if (!booked) throw new Error('nothing was booked');
        const received = one(await receive(context, zapRun.hook('serebro', 'appointment_booked'), dataId(booked.id)), 'appointment');
        bookedFromTrigger = received;
        return `X-Serebro-Signature verified; appointment ${String(received.id)} (${String(received.status)}) passed the Service filter`;
      },
    },
    {
      connector: 'serebro',
      operation: 'Event · an hour passes: the Serebro AI access token expires',
      run: async () => {
        const response = await fetch(`${context.sandbox.env.SEREBRO_BASE_URL}/_admin/expire-tokens`, { method: 'POST' });
        if (!response.ok) throw new Error(`the sandbox refused to expire tokens (HTTP ${response.status})`);
        const { expired } = (await response.json()) as { expired: number };
        return `${expired} access token(s) expired in the sandbox; the next step must refresh before it can act`;
      },
    },
    {
      connector: 'serebro',
      operation: `Action · ${card('serebro', 'creates', 'execute_workflow')}`,
      run: async () => {
        if (!bookedFromTrigger) throw new Error('no appointment from the trigger');
        const workflow = await dropdown(context, 'serebro', 'creates', 'execute_workflow', 'workflowId', {}, (w) => /reminder/i.test(String(w.name)));
        const execution = await perform<Item>(context, 'serebro', 'creates', 'execute_workflow', {
          workflowId: workflow.value,
          contactId: bookedFromTrigger.contactId,
          data: { appointmentId: String(bookedFromTrigger.id) },
        });
        return `"${workflow.label}" (from the ${dropdownName(workflow)} dropdown) → execution ${String(execution.id)} ${String(execution.status)} for contact ${String(bookedFromTrigger.contactId)}`;
      },
    },
  ];
  return { steps, booked: () => booked };
}
