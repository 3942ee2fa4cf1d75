import type { Bundle, ZObject } from 'zapier-platform-core';
import * as zm from 'zod/mini';
import { listPage } from '../client';
import { Stage, stageOutputFields, stageSample } from '../schemas';
import { clean, defineTrigger, invalidInput } from '../../../../kit';

/** What this trigger reads of each pipeline, checked: its id and its stages' ids, names and positions. */
const PipelineStages = zm.looseObject({
  id: zm.string(),
  stages: zm.array(zm.looseObject({ id: zm.string(), name: zm.string(), position: zm.number() })),
});

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
      let cursor: string | undefined;
      do {
        const params = { limit: 100, cursor };
        const page = await listPage(z, bundle, { path: '/pipelines', params, location: bundle.inputData.locationId, item: PipelineStages });
        const pipeline = page.items.find((item) => item.id === pipelineId);
        if (pipeline) return [...pipeline.stages].sort((a, b) => a.position - b.position);
        cursor = page.next ?? undefined;
      } while (cursor);
      throw new z.errors.Error(`Pipeline ${pipelineId} was not found in this Location: choose another Pipeline.`, 'not_found', 404);
    },
    sample: stageSample,
    outputFields: stageOutputFields,
  },
});
