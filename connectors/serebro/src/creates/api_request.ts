import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { defineCreate, defineInputFields, passthrough, passthroughCard, passthroughFields } from '../../../../kit';
import { serebroRequest, SERVICE } from '../client';
import { locationField } from '../fields';
import { ApiResponse, apiResponseOutputFields, apiResponseSample } from '../schemas';

const inputFields = defineInputFields([locationField, ...passthroughFields('https://api.serebro.ai/v2', '/contacts')]);

/** Any v2 endpoint with the connection's token; Agency connections act in the Location chosen above. */
const perform = (async (z, bundle) =>
  passthrough(z, bundle.inputData, (request) => serebroRequest(z, bundle, { ...request, location: bundle.inputData.locationId }))) satisfies CreatePerform<
  InferInputData<typeof inputFields>
>;

export const schema = ApiResponse;

export default defineCreate({
  ...passthroughCard(SERVICE),
  operation: { inputFields, perform, sample: apiResponseSample, outputFields: apiResponseOutputFields },
});
