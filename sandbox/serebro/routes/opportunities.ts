import type { FastifyInstance } from 'fastify';
import { invalid } from '../../core/errors';
import type { Opportunity, OpportunityStatus } from '../store';
import { asBody, mergeCustomFields, oneOf, optionalCustomFields, optionalNumber, optionalString, requiredString } from '../validate';
import { inLocation, now, requireScope, type V2 } from '../v2';

const STATUSES: readonly OpportunityStatus[] = ['open', 'won', 'lost', 'abandoned'];

/**
 * Pipelines and opportunities (docs/apis.md §1.3, §1.3a): custom fields checked against the Location's
 * opportunity fields and merged by id; `opportunity.created`, `opportunity.stage_changed`.
 */
export function registerOpportunities(scope: FastifyInstance, { store, context, locationOf, emit, list }: V2): void {
  list('/pipelines', 'opportunities:read', () => store.pipelines);

  list('/opportunities', 'opportunities:read', () => store.opportunities, (items, q) => {
    const status = oneOf(q, 'status', STATUSES);
    const matches = items.filter(
      (o) =>
        (!q.pipelineId || o.pipelineId === q.pipelineId) &&
        (!q.stageId || o.stageId === q.stageId) &&
        (!q.contactId || o.contactId === q.contactId) &&
        (!status || o.status === status),
    );
    // Most recently moved first, so a stage change shows at the top of the list.
    return matches.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  });

  scope.get<{ Params: { id: string } }>('/opportunities/:id', async (request) => {
    requireScope(request, 'opportunities:read');
    return inLocation(store.opportunities, request.params.id, locationOf(request), 'Opportunity');
  });

  const stageOf = (locationId: string, pipelineId: string, stageId: string) => {
    const pipeline = store.pipelines.find((p) => p.id === pipelineId && p.locationId === locationId);
    if (!pipeline) throw invalid('pipelineId', `does not name a pipeline of this Location (${pipelineId})`);
    if (!pipeline.stages.some((s) => s.id === stageId)) throw invalid('stageId', `is not a stage of pipeline ${pipeline.name}`);
  };

  scope.post('/opportunities', async (request, reply) => {
    requireScope(request, 'opportunities:write');
    const locationId = locationOf(request);
    const body = asBody(request.body);
    const name = requiredString(body, 'name');
    const pipelineId = requiredString(body, 'pipelineId');
    const stageId = requiredString(body, 'stageId');
    const contactId = requiredString(body, 'contactId');
    const monetaryValue = optionalNumber(body, 'monetaryValue');
    const status = oneOf(body, 'status', STATUSES) ?? 'open';
    const customFields = optionalCustomFields(body, store.customFieldsOf(locationId, 'opportunity'), 'opportunity');
    stageOf(locationId, pipelineId, stageId);
    if (!store.contacts.some((c) => c.id === contactId && c.locationId === locationId)) {
      throw invalid('contactId', `does not name a contact of this Location (${contactId})`);
    }
    const stamp = now();
    const opportunity: Opportunity = {
      id: context.ids.next('opp'),
      locationId,
      name,
      pipelineId,
      stageId,
      contactId,
      monetaryValue: monetaryValue ?? null,
      status,
      customFields: mergeCustomFields([], customFields),
      createdAt: stamp,
      updatedAt: stamp,
    };
    store.opportunities.push(opportunity);
    emit(locationId, 'opportunity.created', opportunity);
    return reply.code(201).send(opportunity);
  });

  scope.patch<{ Params: { id: string } }>('/opportunities/:id', async (request) => {
    requireScope(request, 'opportunities:write');
    const locationId = locationOf(request);
    const opportunity = inLocation(store.opportunities, request.params.id, locationId, 'Opportunity');
    const body = asBody(request.body);
    const name = optionalString(body, 'name', 200);
    if (name === null) throw invalid('name', 'must not be empty');
    const stageId = optionalString(body, 'stageId');
    const monetaryValue = optionalNumber(body, 'monetaryValue');
    const status = oneOf(body, 'status', STATUSES);
    const customFields = optionalCustomFields(body, store.customFieldsOf(locationId, 'opportunity'), 'opportunity');
    if (stageId) stageOf(locationId, opportunity.pipelineId, stageId);
    const stageChanged = !!stageId && stageId !== opportunity.stageId;
    if (name) opportunity.name = name;
    if (stageId) opportunity.stageId = stageId;
    if (monetaryValue !== undefined) opportunity.monetaryValue = monetaryValue;
    if (status) opportunity.status = status;
    opportunity.customFields = mergeCustomFields(opportunity.customFields, customFields);
    opportunity.updatedAt = now();
    if (stageChanged) emit(locationId, 'opportunity.stage_changed', opportunity);
    return opportunity;
  });
}
