/**
 * What the README promises under "Running one connector against the sandbox with `zapier-platform
 * invoke`": Zapier's CLI, in a checkout of each connector whose `.env` holds the lines `npm run sandbox`
 * prints, runs `auth test` and every polling trigger (hidden dropdown triggers included), create and
 * search against the sandbox. The cases below chain inputs from what earlier invocations printed, as a
 * developer copies an id from one command into the next. The last test takes the operation list from
 * the assembled app: whatever no case invoked runs with inputs derived from its fields (inputs.ts), and
 * an operation that cannot be derived fails, saying how to add its case. REST-hook triggers are the
 * CLI's documented exception.
 */
import { PROFILES } from '../../bench/profiles';
import type * as Cerbo from '../../connectors/cerbo/src/schemas';
import type * as Serebro from '../../connectors/serebro/src/schemas';
import type * as Sergio from '../../connectors/sergio/src/schemas';
import { startSandbox, type Sandbox } from '../../sandbox';
import { serebroHandle } from '../../sandbox/serebro';
import { CONNECTORS, SERVICE_NAMES, type ConnectorName } from '../../scripts/connectors';
import { loadApp, operationSchemas, operationsOf, type OperationKind } from '../../scripts/definition';
import { ConnectorCli } from './cli';
import { genericInputs, type Pick } from './inputs';

const CLI_WORD: Record<OperationKind, string> = { triggers: 'trigger', creates: 'create', searches: 'search' };

/** A step waits for at most four CLI runs in a row (two at a time), each killed after 60 s. */
const STEP_MS = 300_000;

/** Names and emails of this run: creates return the record an identical earlier run made. */
const RUN = Date.now().toString(36);
/** A week ahead, so that bookings are never in the past. */
const BOOKING_DAY = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

const authDataLines = (authData: Record<string, string>) =>
  Object.fromEntries(Object.entries(authData).map(([key, value]) => [`authData_${key}`, value]));

describe('zapier-platform invoke against the sandbox', () => {
  let sandbox: Sandbox;
  const cli = {} as Record<ConnectorName, ConnectorCli>;
  let serebroAuth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ autoApprove: true });
    const { serebro, sergio, cerbo } = sandbox.services;
    // Serebro's tokens from its code flow (consent approved at once); the other two connect with the
    // seeded credentials `npm run sandbox` prints as authData_* lines.
    serebroAuth = await PROFILES.serebro.connect(sandbox);
    cli.serebro = await ConnectorCli.checkout('serebro', { ...serebro.env(sandbox.url), ...authDataLines(serebroAuth) }, operationSchemas('serebro'));
    cli.sergio = await ConnectorCli.checkout(
      'sergio',
      { ...sergio.env(sandbox.url), authData_api_key: String(sergio.credentials.apiKey) },
      operationSchemas('sergio'),
    );
    cli.cerbo = await ConnectorCli.checkout(
      'cerbo',
      {
        ...cerbo.env(sandbox.url),
        authData_subdomain: String(cerbo.credentials.subdomain),
        authData_username: String(cerbo.credentials.username),
        authData_password: String(cerbo.credentials.password),
      },
      operationSchemas('cerbo'),
    );
  }, 60_000);

  afterAll(async () => {
    for (const checkout of Object.values(cli)) checkout.remove();
    await sandbox?.close();
  });

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
      const me = await cli.serebro.invoke<Serebro.Me>('auth test');
      expect(me.user_type).toBe('Location');
      expect(me.location?.id).toBe(serebroAuth.location_id);
      expect(me.company.id).toBe(serebroAuth.company_id);
      expect(me.user.email).toBe((sandbox.services.serebro.credentials.user as { email: string }).email);
      expect(me.scopes).toEqual(expect.arrayContaining(['contacts:write', 'opportunities:write', 'appointments:write', 'workflows:write']));
    }, STEP_MS);

    it('the hidden dropdown triggers list the Location\'s workflows, pipelines and their stages, services, staff and itself', async () => {
      const [workflows, pipelines, services, staff, locations] = await Promise.all([
        cli.serebro.invoke<Serebro.Workflow[]>('trigger workflows'),
        cli.serebro.invoke<Serebro.Pipeline[]>('trigger pipelines'),
        cli.serebro.invoke<Serebro.Service[]>('trigger services'),
        cli.serebro.invoke<Serebro.Staff[]>('trigger staff'),
        cli.serebro.invoke<Serebro.Location[]>('trigger locations'),
      ]);
      // A Location connection sees its own Location only.
      expect(locations.map((location) => location.id)).toEqual([serebroAuth.location_id]);
      for (const list of [workflows, pipelines, services, staff]) expect(list.length).toBeGreaterThan(0);
      workflow = workflows.find((candidate) => candidate.status === 'published') as Serebro.Workflow;
      expect(workflow).toBeDefined();
      [pipeline] = pipelines;
      [service] = services;
      [staffMember] = staff;

      // The Stage dropdown lists the stages of the pipeline chosen above it, in pipeline order.
      stages = await cli.serebro.invoke<Serebro.Stage[]>('trigger stages', { pipelineId: pipeline.id });
      expect(stages).toEqual([...pipeline.stages].sort((a, b) => a.position - b.position));
      expect(stages.length).toBeGreaterThanOrEqual(2);
    }, STEP_MS);

    it('create_contact creates the contact sent; find_contact finds it and the Contact dropdown lists it first', async () => {
      const email = `grace.${RUN}@example.com`;
      contact = await cli.serebro.invoke<Serebro.Contact>('create create_contact', {
        email,
        firstName: 'Grace',
        lastName: `Invoke ${RUN}`,
        tags: ['vip'],
      });
      expect(contact).toMatchObject({ locationId: serebroAuth.location_id, email, firstName: 'Grace', lastName: `Invoke ${RUN}`, tags: ['vip'] });

      const [found, dropdown] = await Promise.all([
        cli.serebro.invoke<Serebro.Contact[]>('search find_contact', { email }),
        cli.serebro.invoke<Serebro.Contact[]>('trigger contacts'),
      ]);
      expect(found.map((match) => match.id)).toEqual([contact.id]);
      expect(dropdown[0]).toMatchObject({ id: contact.id, name: `Grace Invoke ${RUN}` });
    }, STEP_MS);

    it('api_request reads the contact back with GET /contacts/{id}, handing on the rate-limit headers', async () => {
      const read = await cli.serebro.invoke<Serebro.ApiResponse>('create api_request', { method: 'GET', path: `/contacts/${contact.id}` });
      expect(read).toMatchObject({ id: contact.id, status: 200, data: { id: contact.id, email: contact.email } });
      expect(read.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
    }, STEP_MS);

    it('update_contact changes the fields given and keeps the others', async () => {
      const updated = await cli.serebro.invoke<Serebro.Contact>('create update_contact', { contactId: contact.id, firstName: 'Gracie' });
      expect(updated).toMatchObject({ id: contact.id, firstName: 'Gracie', lastName: contact.lastName, email: contact.email, tags: ['vip'] });
    }, STEP_MS);

    it('add_contact_tags and remove_contact_tags change some tags and keep the others; the Tags dropdown lists the new one', async () => {
      const added = await cli.serebro.invoke<Serebro.ContactTags>('create add_contact_tags', { contactId: contact.id, tags: [`Invoke-${RUN}`, 'referral'] });
      expect(added).toEqual({ id: contact.id, tags: ['vip', `invoke-${RUN}`, 'referral'] });
      const removed = await cli.serebro.invoke<Serebro.ContactTags>('create remove_contact_tags', { contactId: contact.id, tags: ['referral'] });
      expect(removed).toEqual({ id: contact.id, tags: ['vip', `invoke-${RUN}`] });
      const tags = await cli.serebro.invoke<Serebro.Tag[]>('trigger tags');
      expect(tags.map((tag) => tag.name)).toContain(`invoke-${RUN}`);
    }, STEP_MS);

    it('upsert_contact updates the contact with that email (new: false) and sets a custom field given by name', async () => {
      // The field's input key as the Zap editor shows it (cf__<id>), the id looked up as a developer would.
      const leadScore = serebroHandle(sandbox.services).store.customFields.find(
        (field) => field.locationId === serebroAuth.location_id && field.fieldKey === 'contact.lead_score',
      ) as { id: string };
      const upserted = await cli.serebro.invoke<Serebro.UpsertedContact>('create upsert_contact', {
        email: contact.email,
        companyName: `Invoke Co ${RUN}`,
        [`cf__${leadScore.id}`]: '85',
      });
      expect(upserted).toMatchObject({ id: contact.id, new: false, companyName: `Invoke Co ${RUN}`, firstName: 'Gracie' });
      expect(upserted.customFields).toContainEqual({ id: leadScore.id, value: 85 });
      const created = await cli.serebro.invoke<Serebro.UpsertedContact>('create upsert_contact', { email: `upsert.${RUN}@example.com`, firstName: 'Una' });
      expect(created).toMatchObject({ new: true, email: `upsert.${RUN}@example.com` });
    }, STEP_MS);

    it('execute_workflow queues the chosen workflow for the contact', async () => {
      const execution = await cli.serebro.invoke<Serebro.WorkflowExecution>('create execute_workflow', {
        workflowId: workflow.id,
        contactId: contact.id,
      });
      expect(execution).toMatchObject({ workflowId: workflow.id, contactId: contact.id, status: 'queued' });
    }, STEP_MS);

    it('create_opportunity opens a deal the Opportunity dropdown lists; update_opportunity moves it and marks it won', async () => {
      opportunity = await cli.serebro.invoke<Serebro.Opportunity>('create create_opportunity', {
        name: `Invoke deal ${RUN}`,
        pipelineId: pipeline.id,
        stageId: stages[0].id,
        contactId: contact.id,
        // Text, as a Zap sends it: the CLI turns it into the number field's value.
        monetaryValue: '1200',
      });
      expect(opportunity).toMatchObject({ name: `Invoke deal ${RUN}`, pipelineId: pipeline.id, stageId: stages[0].id, contactId: contact.id, monetaryValue: 1200, status: 'open' });

      const open = await cli.serebro.invoke<Serebro.Opportunity[]>('trigger opportunities');
      expect(open.map((deal) => deal.id)).toContain(opportunity.id);

      const won = await cli.serebro.invoke<Serebro.Opportunity>('create update_opportunity', {
        opportunityId: opportunity.id,
        stageId: stages[1].id,
        status: 'won',
      });
      expect(won).toMatchObject({ id: opportunity.id, stageId: stages[1].id, status: 'won', monetaryValue: 1200 });

      const found = await cli.serebro.invoke<Serebro.Opportunity[]>('search find_opportunity', { contactId: contact.id, status: 'won' });
      expect(found.map((deal) => deal.id)).toEqual([opportunity.id]);
    }, STEP_MS);

    it('create_appointment books the slot the Appointment dropdown then lists; cancel_appointment cancels it', async () => {
      appointment = await cli.serebro.invoke<Serebro.Appointment>('create create_appointment', {
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

      const booked = await cli.serebro.invoke<Serebro.Appointment[]>('trigger appointments');
      expect(booked.find((item) => item.id === appointment.id)?.title).toBe(`Invoke visit ${RUN} – ${BOOKING_DAY} 15:00 UTC`);

      const canceled = await cli.serebro.invoke<Serebro.Appointment>('create cancel_appointment', { appointmentId: appointment.id });
      expect(canceled).toMatchObject({ id: appointment.id, status: 'canceled' });
    }, STEP_MS);
  });

  describe('Sergio (API key)', () => {
    let customer: Sergio.Customer;

    it('auth test: the live key is accepted with the scopes the connector needs', async () => {
      const me = await cli.sergio.invoke<Sergio.Me>('auth test');
      expect(me.company.name).toBeTruthy();
      expect(me.key.scopes).toEqual(expect.arrayContaining(['jobs:write', 'customers:read', 'customers:write', 'webhooks:write']));
    }, STEP_MS);

    it('create_customer creates the customer sent; find_customer finds it and the Customer dropdown lists it first', async () => {
      const name = `Ada Byron ${RUN}`;
      const email = `ada.${RUN}@example.com`;
      customer = await cli.sergio.invoke<Sergio.Customer>('create create_customer', { name, email, phone: '+1 503 555 0100' });
      expect(customer).toMatchObject({ name, email });
      expect(customer.phone?.replace(/\D/g, '')).toBe('15035550100');

      const [found, dropdown] = await Promise.all([
        cli.sergio.invoke<Sergio.Customer[]>('search find_customer', { email }),
        cli.sergio.invoke<Sergio.Option[]>('trigger customer_list'),
      ]);
      expect(found.map((match) => match.id)).toEqual([customer.id]);
      expect(dropdown[0]).toEqual({ id: customer.id, name });
    }, STEP_MS);

    it('api_request finds the customer with GET and a query, as the CLI passes them', async () => {
      const found = await cli.sergio.invoke<Sergio.ApiResponse>('create api_request', { method: 'GET', path: '/searches/find-customer', query: { email: customer.email } });
      expect(found).toMatchObject({ status: 200, data: [{ id: customer.id }] });
    }, STEP_MS);

    it('create_job schedules a job for that customer with a service type from its dropdown', async () => {
      const serviceTypes = await cli.sergio.invoke<Sergio.Option[]>('trigger service_type_list');
      expect(serviceTypes).toContainEqual({ id: 'exterior_windows', name: 'Exterior Windows' });

      const [year, month, day] = BOOKING_DAY.split('-');
      const job = await cli.sergio.invoke<Sergio.Job>('create create_job', {
        customer_id: customer.id,
        service_type: 'exterior_windows',
        // The README's forms: a US date and a 12-hour time.
        scheduled_date: `${month}/${day}/${year}`,
        scheduled_time: '9:30 am',
        street: '1 Main St',
        city: 'Portland',
        state: 'OR',
        zip: '97201',
        price_cents: '18500',
      });
      expect(job).toMatchObject({
        status: 'scheduled',
        service_type: 'exterior_windows',
        scheduled_date: BOOKING_DAY,
        scheduled_time: '09:30',
        customer: { id: customer.id, name: customer.name },
        address: { street: '1 Main St', city: 'Portland', state: 'OR', zip: '97201' },
        price_cents: 18500,
      });
    }, STEP_MS);
  });

  describe('Cerbo (HTTP Basic)', () => {
    let provider: Cerbo.Provider;
    let appointmentType: Cerbo.AppointmentType;
    let patient: Cerbo.Patient;

    it('auth test: the API user can read the practice\'s users', async () => {
      const users = await cli.cerbo.invoke<{ data: Cerbo.User[]; total: number }>('auth test');
      expect(users.data).toHaveLength(1);
      expect(users.total).toBeGreaterThanOrEqual(1);
    }, STEP_MS);

    it('the hidden dropdown triggers list the practice\'s providers and appointment types', async () => {
      const [providers, appointmentTypes] = await Promise.all([
        cli.cerbo.invoke<Cerbo.Provider[]>('trigger providers'),
        cli.cerbo.invoke<Cerbo.AppointmentType[]>('trigger appointment_types'),
      ]);
      expect(providers.length).toBeGreaterThan(0);
      expect(providers.every((choice) => choice.is_provider && choice.name === `${choice.first_name} ${choice.last_name}`)).toBe(true);
      expect(appointmentTypes.length).toBeGreaterThan(0);
      [provider] = providers;
      [appointmentType] = appointmentTypes;
    }, STEP_MS);

    it('create_patient creates the patient sent; find_patient, the Patient dropdown and New Patient all show it', async () => {
      const lastName = `Park-${RUN}`;
      patient = await cli.cerbo.invoke<Cerbo.Patient>('create create_patient', { first_name: 'Lena', last_name: lastName, dob: '03/07/1980', sex: 'F' });
      expect(patient).toMatchObject({ first_name: 'Lena', last_name: lastName, dob: '1980-03-07', sex: 'F' });

      const [found, dropdown, newest] = await Promise.all([
        cli.cerbo.invoke<Cerbo.Patient[]>('search find_patient', { last_name: lastName }),
        cli.cerbo.invoke<Cerbo.PatientChoice[]>('trigger patients'),
        cli.cerbo.invoke<Cerbo.Patient[]>('trigger new_patient'),
      ]);
      expect(found.map((match) => match.id)).toEqual([patient.id]);
      expect(dropdown[0]).toMatchObject({ id: patient.id, name: `${lastName}, Lena (1980-03-07)` });
      expect(newest[0]).toMatchObject({ id: patient.id, last_name: lastName });
    }, STEP_MS);

    it('api_request reads the patient with GET /patients/{id}', async () => {
      const read = await cli.cerbo.invoke<Cerbo.ApiResponse>('create api_request', { method: 'GET', path: `/patients/${patient.id}` });
      expect(read).toMatchObject({ id: patient.id, status: 200, data: { id: patient.id, last_name: patient.last_name } });
    }, STEP_MS);

    it('update_patient changes the fields given and keeps the others', async () => {
      const email = `lena.${RUN}@example.com`;
      const updated = await cli.cerbo.invoke<Cerbo.Patient>('create update_patient', { pt_id: patient.id, email1: email, city: 'Portland' });
      expect(updated).toMatchObject({ id: patient.id, first_name: 'Lena', last_name: patient.last_name, dob: '1980-03-07', email1: email, city: 'Portland' });
    }, STEP_MS);

    it('create_appointment books the patient with the provider; New Appointment for that provider lists it', async () => {
      const appointment = await cli.cerbo.invoke<Cerbo.Appointment>(
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

      const listed = await cli.cerbo.invoke<Cerbo.Appointment[]>('trigger new_appointment', { provider_id: provider.id });
      expect(listed.map((item) => item.id)).toContain(appointment.id);
      expect(listed.every((item) => item.associated_providers.some((assigned) => assigned.id === provider.id))).toBe(true);
    }, STEP_MS);
  });

  describe('every other operation of the assembled app', () => {
    /** A dropdown as the editor fills it: the first item the dropdown trigger lists. */
    const dropdownOf =
      (checkout: ConnectorCli): Pick =>
      async (dynamic, inputData) => {
        const [trigger, idField] = dynamic.split('.');
        const items = await checkout.invoke<Array<Record<string, unknown>>>(`trigger ${trigger}`, inputData);
        return items[0]?.[idField];
      };

    it.each(CONNECTORS)(
      '%s: what no case above invoked runs with inputs derived from its fields; only the REST-hook triggers are left out',
      async (name) => {
        const checkout = cli[name];
        const invokable = operationsOf(loadApp(name)).filter((op) => !(op.kind === 'triggers' && op.definition.operation.type === 'hook'));
        const problems: string[] = [];
        for (const op of invokable) {
          const command = `${CLI_WORD[op.kind]} ${op.key}`;
          if (checkout.invoked.has(command)) continue;
          const howToAdd =
            `add a case for it to the ${SERVICE_NAMES[name]} describe of test/invoke/invoke.test.ts ` +
            `(\`await cli.${name}.invoke('${command}', { …inputData })\`, then assert what it returns)`;
          // Required inputs first; when the connector refuses those alone (a search or an update wants
          // at least one of several optional fields), once more with the optional ones filled too.
          let failure = '';
          for (const optional of [false, true]) {
            const derived = await genericInputs(op.definition, dropdownOf(checkout), { optional });
            if (!derived.ok) {
              failure = `${command}: ${derived.why}; ${howToAdd}`;
              break;
            }
            try {
              await checkout.invoke(command, derived.inputData);
              failure = '';
              break;
            } catch (error) {
              const message = error instanceof Error ? error.message : String(error);
              failure = `${command} with the derived inputs ${JSON.stringify(derived.inputData)} failed; ${howToAdd}.\n${message}`;
            }
          }
          if (failure) problems.push(failure);
        }
        expect(problems).toEqual([]);
        expect([...checkout.invoked].sort()).toEqual(['auth test', ...invokable.map((op) => `${CLI_WORD[op.kind]} ${op.key}`)].sort());
      },
      STEP_MS,
    );
  });
});
