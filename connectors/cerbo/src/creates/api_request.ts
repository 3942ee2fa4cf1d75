import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { defineCreate, defineInputFields, passthrough, passthroughCard, passthroughFields } from '../../../../kit';
import { cerboRequest, SERVICE } from '../client';
import { ApiResponse, apiResponseOutputFields, apiResponseSample } from '../schemas';

const inputFields = defineInputFields(passthroughFields('https://<subdomain>.md-hq.com/api/v1', '/patients'));

/**
 * Any endpoint of the practice's API with the connection's Basic credentials. Like every Cerbo request,
 * the body is sent as a stream and the answer read raw, so neither reaches Zapier's HTTP log.
 */
const perform = (async (z, bundle) =>
  passthrough(z, bundle.inputData, (request) => cerboRequest(z, bundle, request))) satisfies CreatePerform<
  InferInputData<typeof inputFields>
>;

export const schema = ApiResponse;

export default defineCreate({
  ...passthroughCard(SERVICE),
  operation: { inputFields, perform, sample: apiResponseSample, outputFields: apiResponseOutputFields },
});
