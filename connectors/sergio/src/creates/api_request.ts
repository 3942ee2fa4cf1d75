import type { CreatePerform, InferInputData } from 'zapier-platform-core';
import { defineCreate, defineInputFields, passthrough, passthroughCard, passthroughFields } from '../../../../kit';
import { sergioRequest, SERVICE, WRITE_THROTTLE } from '../client';
import { ApiResponse, apiResponseOutputFields, apiResponseSample } from '../schemas';

const inputFields = defineInputFields(passthroughFields('https://api.sergio.app/zapier/v1', '/searches/find-customer'));

/** Any endpoint of Sergio's Zapier API with the connection's API key. */
const perform = (async (z, bundle) =>
  passthrough(z, bundle.inputData, (request) => sergioRequest(z, bundle, request))) satisfies CreatePerform<
  InferInputData<typeof inputFields>
>;

export const schema = ApiResponse;

export default defineCreate({
  ...passthroughCard(SERVICE),
  // It may write: the writes' budget (the smaller one) keeps it under both of Sergio's limits.
  operation: { inputFields, perform, throttle: WRITE_THROTTLE, sample: apiResponseSample, outputFields: apiResponseOutputFields },
});
