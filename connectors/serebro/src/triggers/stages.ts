import { defineTrigger } from 'zapier-platform-core';
import { listPage } from '../client';
import { stageOutputFields, stageSample, type Pipeline, type Stage } from '../schemas';
import { clean } from '../../../../kit';

export default defineTrigger({
  key: 'stages',
  noun: 'Stage',
  display: { label: 'Pipeline Stages', description: 'Lists the stages of the chosen pipeline for dropdowns.', hidden: true },
  operation: {
    perform: async (z, bundle): Promise<Stage[]> => {
      const pipelineId = clean((bundle.inputData as { pipelineId?: unknown }).pipelineId);
      if (!pipelineId) {
        throw new z.errors.Error('Choose a Pipeline first: its stages are listed here.', 'invalid_input', 400);
      }
      let cursor: string | undefined;
      do {
        const page = await listPage<Pipeline>(z, bundle, '/pipelines', { limit: 100, cursor });
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
