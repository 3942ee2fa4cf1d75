import type { Bundle, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { listPage, SERVICE } from '../client';
import { Stage, stageOutputFields, stageSample } from '../schemas';
import { clean, defineTrigger, invalidInput, readPages } from '../../../../kit';

/** What this trigger reads of each pipeline, checked: its id and its stages' ids, names and positions. */
const PipelineStages = zm.looseObject({
  id: zm.string(),
  stages: zm.array(zm.looseObject({ id: zm.string(), name: zm.string(), position: zm.number() })),
});

/**
 * The chosen pipeline is looked for page by page: 20 pages of 100 pipelines is more than a Location has.
 * At a bound (a cursor given again, or a 21st page) the step fails naming the endpoint: the pipelines read
 * so far would wrongly say that the chosen one does not exist.
 */
const PIPELINE_PAGES = { service: SERVICE, endpoint: 'GET /v2/pipelines', maxPages: 20, atBound: 'fail' } as const;

export const schema = Stage;

export default defineTrigger({
  key: 'stages',
  noun: 'Stage',
  display: { label: 'Pipeline Stages', description: 'Lists the stages of the chosen pipeline for dropdowns.', hidden: true },
  operation: {
    perform: async (z: ZObject, bundle: Bundle): Promise<Stage[]> => {
      const pipelineId = clean(bundle.inputData.pipelineId);
      if (!pipelineId) {
        invalidInput(z, 'Choose a Pipeline first: its stages are listed here.');
      }
      const isChosen = (item: { id: string }) => item.id === pipelineId;
      const pipelinesAt = (cursor: string | undefined) =>
        listPage(z, bundle, { path: '/pipelines', params: { limit: 100, cursor }, location: bundle.inputData.locationId, item: PipelineStages });
      const pipeline = (await readPages(z, PIPELINE_PAGES, pipelinesAt, (page) => page.some(isChosen))).find(isChosen);
      if (pipeline) return [...pipeline.stages].sort((a, b) => a.position - b.position);
      throw new z.errors.Error(`Pipeline ${pipelineId} was not found in this Location: choose another Pipeline.`, 'not_found', 404);
    },
    sample: stageSample,
    outputFields: stageOutputFields,
  },
});
