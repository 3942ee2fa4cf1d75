import type { Sandbox } from '../../sandbox';
import { serebroHandle } from '../../sandbox/serebro';
import { describeRetries } from './retries';
import { uniqueTag } from './sandboxes';

const store = (sandbox: Sandbox) => serebroHandle(sandbox.services).store;
/** The Location an auto-approved consent connects to. */
const location = (sandbox: Sandbox) => store(sandbox).locations[0].id;
let slot = 0;
const canceled = new Set<string>();

describeRetries('serebro', [
  {
    create: 'creates.create_contact',
    losePath: /\/v2\/contacts$/,
    apiOffers: 'a 409 duplicate_contact naming the existing contact (details.contactId)',
    input: () => {
      const tag = uniqueTag();
      return { firstName: 'Retry', lastName: `Contact${tag}`, email: `retry.${tag}@example.com` };
    },
    count: (sandbox, input) => store(sandbox).contacts.filter((c) => c.email === input.email).length,
  },
  {
    create: 'creates.create_contact',
    // Without an email the API has nothing unique to refuse a second contact on.
    losePath: /\/v2\/contacts$/,
    input: () => {
      const tag = uniqueTag();
      return { firstName: 'Retry', lastName: `Phoneonly${tag}`, phone: `+1312555${String(Date.now()).slice(-4)}` };
    },
    count: (sandbox, input) => store(sandbox).contacts.filter((c) => c.lastName === input.lastName).length,
  },
  {
    create: 'creates.create_opportunity',
    losePath: /\/v2\/opportunities$/,
    input: (sandbox) => {
      const pipeline = store(sandbox).pipelines.find((p) => p.locationId === location(sandbox))!;
      const contact = store(sandbox).contacts.find((c) => c.locationId === location(sandbox))!;
      return { name: `Retry deal ${uniqueTag()}`, pipelineId: pipeline.id, stageId: pipeline.stages[0].id, contactId: contact.id, monetaryValue: '1200' };
    },
    count: (sandbox, input) => store(sandbox).opportunities.filter((o) => o.name === input.name).length,
  },
  {
    create: 'creates.create_appointment',
    losePath: /\/v2\/appointments$/,
    apiOffers: 'a 409 slot_unavailable for the staff member and time already booked',
    input: (sandbox) => {
      const s = store(sandbox);
      const service = s.services.find((x) => x.locationId === location(sandbox))!;
      const staff = s.staff.find((x) => x.locationId === location(sandbox))!;
      const contact = s.contacts.find((c) => c.locationId === location(sandbox))!;
      slot += 1;
      const start = new Date(Date.UTC(2027, 0, 10 + slot, 15, 0, 0));
      const end = new Date(start.getTime() + service.durationMinutes * 60_000);
      return { contactId: contact.id, serviceId: service.id, staffId: staff.id, startTime: start.toISOString(), endTime: end.toISOString(), title: `Retry visit ${uniqueTag()}` };
    },
    count: (sandbox, input) => store(sandbox).appointments.filter((a) => a.title === input.title && a.status === 'booked').length,
  },
  {
    create: 'creates.cancel_appointment',
    losePath: /\/v2\/appointments\/[^/?]+/,
    loseMethod: 'DELETE',
    apiOffers: 'a 409 already_canceled for an appointment canceled before',
    input: (sandbox) => {
      const s = store(sandbox);
      const booked = s.appointments.find((a) => a.locationId === location(sandbox) && a.status === 'booked' && !canceled.has(a.id))!;
      canceled.add(booked.id);
      return { appointmentId: booked.id };
    },
    count: (sandbox, input) =>
      store(sandbox).appointments.filter((a) => a.id === input.appointmentId && a.status === 'canceled').length,
  },
  {
    create: 'creates.execute_workflow',
    losePath: /\/execute$/,
    input: (sandbox) => {
      const workflow = store(sandbox).workflows.find((w) => w.locationId === location(sandbox) && w.status === 'published' && !w.needsContact)
        ?? store(sandbox).workflows.find((w) => w.locationId === location(sandbox) && w.status === 'published')!;
      const contact = store(sandbox).contacts.find((c) => c.locationId === location(sandbox))!;
      return { workflowId: workflow.id, contactId: contact.id };
    },
    count: (sandbox, input) => store(sandbox).executions.filter((e) => e.workflowId === input.workflowId).length,
  },
]);
