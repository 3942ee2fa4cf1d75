import type { StepPlan } from './harness';
import { serebroApi } from './events';
import { dataId, dropdown, dropdownName, inputFields, one, perform, receive } from './steps';
import type { Item, ZapRun } from './zap-run';

/**
 * Zap 5 · the CRM jobs of every day: a new deal tags its contact without touching the other tags, the
 * contact is updated by email with a custom field chosen by its name, and a canceled visit cools the lead.
 * It works on the lead of Zap 3 and cancels the visit booked in Zap 4.
 */
export function zap5(zapRun: ZapRun, earlier: { lead: () => Item | undefined; booked: () => Item | undefined }): StepPlan[] {
  const { context, tag } = zapRun;
  const { lead, booked } = earlier;
  const card = context.card.bind(context);
  let pipelineFilter: { value: string; label: string } | undefined;
  let deal: Item | undefined;
  let dealFromTrigger: Item | undefined;
  let tagsBefore: string[] = [];
  let canceled: Item | undefined;
  const hotTag = `hot-lead-${tag}`;
  return [
    {
      connector: 'serebro',
      operation: `Turn on · ${card('serebro', 'triggers', 'opportunity_created')} · subscribe`,
      run: async () => {
        pipelineFilter = await dropdown(context, 'serebro', 'triggers', 'opportunity_created', 'pipelineId');
        return `${await zapRun.turnOn('serebro', 'opportunity_created', { pipelineId: pipelineFilter.value })}; Pipeline filter "${pipelineFilter.label}"`;
      },
    },
    {
      connector: 'serebro',
      operation: `Turn on · ${card('serebro', 'triggers', 'appointment_canceled')} · subscribe`,
      run: () => zapRun.turnOn('serebro', 'appointment_canceled'),
    },
    {
      connector: 'serebro',
      operation: 'Event · a salesperson opens a deal for the lead in Serebro AI',
      run: async () => {
        const contact = lead();
        if (!contact || !pipelineFilter) throw new Error('no lead or pipeline for a deal');
        const pipelines = await serebroApi<{ data: Array<{ id: string; stages: Array<{ id: string; position: number }> }> }>(
          context,
          'Listing Serebro pipelines',
          'GET',
          '/pipelines',
        );
        const stage = pipelines.data.find((p) => p.id === pipelineFilter?.value)?.stages.sort((a, b) => a.position - b.position)[0];
        const before = await serebroApi<{ tags: string[] }>(context, 'Reading the lead', 'GET', `/contacts/${String(contact.id)}`);
        tagsBefore = before.tags;
        deal = await serebroApi<Item>(context, 'Opening a Serebro deal', 'POST', '/opportunities', {
          name: `${String(contact.firstName)} – Annual Membership`,
          pipelineId: pipelineFilter.value,
          stageId: stage?.id,
          contactId: contact.id,
          monetaryValue: 1200,
        });
        return `opportunity ${String(deal.id)} "${String(deal.name)}" for contact ${String(contact.id)}, who has the tags ${JSON.stringify(tagsBefore)}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Trigger · ${card('serebro', 'triggers', 'opportunity_created')} · signed delivery → perform`,
      run: async () => {
        if (!deal) throw new Error('no deal was opened');
        const received = one(await receive(context, zapRun.hook('serebro', 'opportunity_created'), dataId(deal.id)), 'opportunity');
        dealFromTrigger = received;
        return `X-Serebro-Signature verified; opportunity ${String(received.id)} passed the Pipeline filter`;
      },
    },
    {
      connector: 'serebro',
      operation: `Action · ${card('serebro', 'creates', 'add_contact_tags')}`,
      run: async () => {
        const opportunity = dealFromTrigger;
        if (!opportunity) throw new Error('no opportunity from the trigger');
        const known = await dropdown(context, 'serebro', 'creates', 'add_contact_tags', 'tags', {}, (t) => t.name === 'vip');
        const result = await perform<{ id: string; tags: string[] }>(context, 'serebro', 'creates', 'add_contact_tags', {
          contactId: opportunity.contactId,
          tags: [known.value, hotTag],
        });
        const kept = tagsBefore.filter((t) => result.tags.includes(t));
        if (kept.length !== tagsBefore.length || !result.tags.includes(hotTag)) throw new Error(`the contact's tags are now ${JSON.stringify(result.tags)}`);
        return `contact ${result.id} tagged ${JSON.stringify(tagsBefore)} → ${JSON.stringify(result.tags)}: "${known.label}" from the ${dropdownName(known)} dropdown and a new tag typed in; nothing else removed`;
      },
    },
    {
      connector: 'serebro',
      operation: `Action · ${card('serebro', 'creates', 'upsert_contact')} · custom field by name`,
      run: async () => {
        const contact = lead();
        if (!contact) throw new Error('no lead to update');
        const fields = await inputFields(context, 'serebro', 'creates', 'upsert_contact', { email: contact.email });
        const leadScore = fields.find((f) => f.label === 'Lead Score');
        if (!leadScore) throw new Error(`Create or Update Contact shows no "Lead Score" field among ${fields.length}`);
        const result = await perform<Item & { new: boolean; customFields?: Array<{ id: string; value: unknown }> }>(context, 'serebro', 'creates', 'upsert_contact', {
          email: contact.email,
          [leadScore.key]: '90',
        });
        if (result.new !== false || result.id !== contact.id) throw new Error('the upsert made another contact instead of updating the lead');
        const score = result.customFields?.find((field) => `cf__${field.id}` === leadScore.key)?.value;
        if (score !== 90) throw new Error(`Lead Score is ${JSON.stringify(score)} after the update`);
        return `contact ${String(result.id)} matched by email and updated (new: false); the "Lead Score" field (${leadScore.key}, a number) is now ${String(score)}`;
      },
    },
    {
      connector: 'serebro',
      operation: 'Event · the lead cancels the visit booked in Zap 4',
      run: async () => {
        const visit = booked();
        if (!visit) throw new Error('no appointment to cancel');
        canceled = await serebroApi<Item>(context, 'Canceling in the Serebro calendar', 'DELETE', `/appointments/${String(visit.id)}`);
        return `appointment ${String(canceled.id)} is ${String(canceled.status)}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Trigger · ${card('serebro', 'triggers', 'appointment_canceled')} · signed delivery → perform`,
      run: async () => {
        if (!canceled) throw new Error('nothing was canceled');
        const received = one(await receive(context, zapRun.hook('serebro', 'appointment_canceled'), dataId(canceled.id)), 'appointment');
        canceled = received;
        return `X-Serebro-Signature verified; appointment ${String(received.id)} (${String(received.status)}) for contact ${String(received.contactId)}`;
      },
    },
    {
      connector: 'serebro',
      operation: `Action · ${card('serebro', 'creates', 'remove_contact_tags')}`,
      run: async () => {
        if (!canceled) throw new Error('no canceled appointment from the trigger');
        const result = await perform<{ id: string; tags: string[] }>(context, 'serebro', 'creates', 'remove_contact_tags', {
          contactId: canceled.contactId,
          tags: [hotTag],
        });
        if (result.tags.includes(hotTag) || !result.tags.includes('vip')) throw new Error(`the contact's tags are now ${JSON.stringify(result.tags)}`);
        return `"${hotTag}" removed from contact ${result.id}; the other tags stay: ${JSON.stringify(result.tags)}`;
      },
    },
  ];
}
