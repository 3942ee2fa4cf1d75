/**
 * `zapier-platform invoke` in a checkout of Serebro AI against the sandbox, as the README has it
 * (suite.ts says what these files check and how).
 */
import { PROFILES } from '../../bench/profiles';
import type * as Serebro from '../../connectors/serebro/src/schemas';
import { serebroHandle } from '../../sandbox/serebro';
import { checkoutAgainstSandbox, everyOtherOperation, BOOKING_DAY, RUN, STEP_MS } from './suite';

describe('zapier-platform invoke against the sandbox', () => {
  // Serebro's tokens from its code flow (consent approved at once).
  const serebro = checkoutAgainstSandbox('serebro', (sandbox) => PROFILES.serebro.connect(sandbox));

  describe('Serebro AI (OAuth 2.0)', () => {
    let pipeline: Serebro.Pipeline;
    let stages: Serebro.Stage[];
    let workflow: Serebro.Workflow;
    let service: Serebro.Service;
    let staffMember: Serebro.Staff;
    let contact: Serebro.Contact;
    let opportunity: Serebro.Opportunity;
    let appointment: Serebro.Appointment;

    it('auth test: the token works, for the Location it was issued for', async () => {
      const me = await serebro.cli.invoke<Serebro.Me>('auth test');
      expect(me.user_type).toBe('Location');
      expect(me.location?.id).toBe(serebro.authData.location_id);
      expect(me.company.id).toBe(serebro.authData.company_id);
      expect(me.user.email).toBe((serebro.sandbox.services.serebro.credentials.user as { email: string }).email);
      expect(me.scopes).toEqual(expect.arrayContaining(['contacts:write', 'opportunities:write', 'appointments:write', 'workflows:write']));
    }, STEP_MS);

    it('the hidden dropdown triggers list the Location\'s workflows, pipelines and their stages, services, staff and itself', async () => {
      const [workflows, pipelines, services, staff, locations] = await Promise.all([
        serebro.cli.invoke<Serebro.Workflow[]>('trigger workflows'),
        serebro.cli.invoke<Serebro.Pipeline[]>('trigger pipelines'),
        serebro.cli.invoke<Serebro.Service[]>('trigger services'),
        serebro.cli.invoke<Serebro.Staff[]>('trigger staff'),
        serebro.cli.invoke<Serebro.Location[]>('trigger locations'),
      ]);
      // A Location connection sees its own Location only.
      expect(locations.map((location) => location.id)).toEqual([serebro.authData.location_id]);
      for (const list of [workflows, pipelines, services, staff]) expect(list.length).toBeGreaterThan(0);
      workflow = workflows.find((candidate) => candidate.status === 'published') as Serebro.Workflow;
      expect(workflow).toBeDefined();
      [pipeline] = pipelines;
      [service] = services;
      [staffMember] = staff;

      // The Stage dropdown lists the stages of the pipeline chosen above it, in pipeline order.
      stages = await serebro.cli.invoke<Serebro.Stage[]>('trigger stages', { pipelineId: pipeline.id });
      expect(stages).toEqual([...pipeline.stages].sort((a, b) => a.position - b.position));
      expect(stages.length).toBeGreaterThanOrEqual(2);
    }, STEP_MS);

    it('create_contact creates the contact sent; find_contact finds it and the Contact dropdown lists it first', async () => {
      const email = `grace.${RUN}@example.com`;
      contact = await serebro.cli.invoke<Serebro.Contact>('create create_contact', {
        email,
        firstName: 'Grace',
        lastName: `Invoke ${RUN}`,
        tags: ['vip'],
      });
      expect(contact).toMatchObject({ locationId: serebro.authData.location_id, email, firstName: 'Grace', lastName: `Invoke ${RUN}`, tags: ['vip'] });

      const [found, dropdown] = await Promise.all([
        serebro.cli.invoke<Serebro.Contact[]>('search find_contact', { email }),
        serebro.cli.invoke<Serebro.Contact[]>('trigger contacts'),
      ]);
      expect(found.map((match) => match.id)).toEqual([contact.id]);
      expect(dropdown[0]).toMatchObject({ id: contact.id, name: `Grace Invoke ${RUN}` });
    }, STEP_MS);

    it('api_request reads the contact back with GET /contacts/{id}, handing on the rate-limit headers', async () => {
      const read = await serebro.cli.invoke<Serebro.ApiResponse>('create api_request', { method: 'GET', path: `/contacts/${contact.id}` });
      expect(read).toMatchObject({ id: contact.id, status: 200, data: { id: contact.id, email: contact.email } });
      expect(read.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
    }, STEP_MS);

    it('update_contact changes the fields given and keeps the others', async () => {
      const updated = await serebro.cli.invoke<Serebro.Contact>('create update_contact', { contactId: contact.id, firstName: 'Gracie' });
      expect(updated).toMatchObject({ id: contact.id, firstName: 'Gracie', lastName: contact.lastName, email: contact.email, tags: ['vip'] });
    }, STEP_MS);

    it('add_contact_tags and remove_contact_tags change some tags and keep the others; the Tags dropdown lists the new one', async () => {
      const added = await serebro.cli.invoke<Serebro.ContactTags>('create add_contact_tags', { contactId: contact.id, tags: [`Invoke-${RUN}`, 'referral'] });
      expect(added).toEqual({ id: contact.id, tags: ['vip', `invoke-${RUN}`, 'referral'] });
      const removed = await serebro.cli.invoke<Serebro.ContactTags>('create remove_contact_tags', { contactId: contact.id, tags: ['referral'] });
      expect(removed).toEqual({ id: contact.id, tags: ['vip', `invoke-${RUN}`] });
      const tags = await serebro.cli.invoke<Serebro.Tag[]>('trigger tags');
      expect(tags.map((tag) => tag.name)).toContain(`invoke-${RUN}`);
    }, STEP_MS);

    it('upsert_contact updates the contact with that email (new: false) and sets a custom field given by name', async () => {
      // The field's input key as the Zap editor shows it (cf__<id>), the id looked up as a developer would.
      const leadScore = serebroHandle(serebro.sandbox.services).store.customFields.find(
        (field) => field.locationId === serebro.authData.location_id && field.fieldKey === 'contact.lead_score',
      ) as { id: string };
      const upserted = await serebro.cli.invoke<Serebro.UpsertedContact>('create upsert_contact', {
        email: contact.email,
        companyName: `Invoke Co ${RUN}`,
        [`cf__${leadScore.id}`]: '85',
      });
      expect(upserted).toMatchObject({ id: contact.id, new: false, companyName: `Invoke Co ${RUN}`, firstName: 'Gracie' });
      expect(upserted.customFields).toContainEqual({ id: leadScore.id, value: 85 });
      const created = await serebro.cli.invoke<Serebro.UpsertedContact>('create upsert_contact', { email: `upsert.${RUN}@example.com`, firstName: 'Una' });
      expect(created).toMatchObject({ new: true, email: `upsert.${RUN}@example.com` });
    }, STEP_MS);

    it('execute_workflow queues the chosen workflow for the contact', async () => {
      const execution = await serebro.cli.invoke<Serebro.WorkflowExecution>('create execute_workflow', {
        workflowId: workflow.id,
        contactId: contact.id,
      });
      expect(execution).toMatchObject({ workflowId: workflow.id, contactId: contact.id, status: 'queued' });
    }, STEP_MS);

    it('create_opportunity opens a deal the Opportunity dropdown lists; update_opportunity moves it and marks it won', async () => {
      opportunity = await serebro.cli.invoke<Serebro.Opportunity>('create create_opportunity', {
        name: `Invoke deal ${RUN}`,
        pipelineId: pipeline.id,
        stageId: stages[0].id,
        contactId: contact.id,
        // Text, as a Zap sends it: the CLI turns it into the number field's value.
        monetaryValue: '1200',
      });
      expect(opportunity).toMatchObject({ name: `Invoke deal ${RUN}`, pipelineId: pipeline.id, stageId: stages[0].id, contactId: contact.id, monetaryValue: 1200, status: 'open' });

      const open = await serebro.cli.invoke<Serebro.Opportunity[]>('trigger opportunities');
      expect(open.map((deal) => deal.id)).toContain(opportunity.id);

      const won = await serebro.cli.invoke<Serebro.Opportunity>('create update_opportunity', {
        opportunityId: opportunity.id,
        stageId: stages[1].id,
        status: 'won',
      });
      expect(won).toMatchObject({ id: opportunity.id, stageId: stages[1].id, status: 'won', monetaryValue: 1200 });

      const found = await serebro.cli.invoke<Serebro.Opportunity[]>('search find_opportunity', { contactId: contact.id, status: 'won' });
      expect(found.map((deal) => deal.id)).toEqual([opportunity.id]);
    }, STEP_MS);

    it('create_appointment books the slot the Appointment dropdown then lists; cancel_appointment cancels it', async () => {
      appointment = await serebro.cli.invoke<Serebro.Appointment>('create create_appointment', {
        contactId: contact.id,
        serviceId: service.id,
        staffId: staffMember.id,
        // The CLI rewrites datetime inputs in its --timezone (America/Chicago): the instant must survive.
        startTime: `${BOOKING_DAY}T15:00:00Z`,
        endTime: `${BOOKING_DAY}T15:45:00Z`,
        title: `Invoke visit ${RUN}`,
      });
      expect(appointment).toMatchObject({
        contactId: contact.id,
        serviceId: service.id,
        staffId: staffMember.id,
        startTime: `${BOOKING_DAY}T15:00:00Z`,
        endTime: `${BOOKING_DAY}T15:45:00Z`,
        status: 'booked',
      });

      const booked = await serebro.cli.invoke<Serebro.Appointment[]>('trigger appointments');
      expect(booked.find((item) => item.id === appointment.id)?.title).toBe(`Invoke visit ${RUN} – ${BOOKING_DAY} 15:00 UTC`);

      const canceled = await serebro.cli.invoke<Serebro.Appointment>('create cancel_appointment', { appointmentId: appointment.id });
      expect(canceled).toMatchObject({ id: appointment.id, status: 'canceled' });
    }, STEP_MS);
  });

  everyOtherOperation('serebro', () => serebro.cli);
});
