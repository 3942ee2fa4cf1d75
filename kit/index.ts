export { appFrom, byKey, schemasOf, type ByKey, type FindOrCreate, type OperationGroups, type OperationModule } from './app';
export { baseUrl, checkOverride, overrideProblem } from './config';
export { clean, invalidInput, requireText, segment } from './input';
export {
  afterResponseFor,
  endpointOf,
  beforeRequestFor,
  interpret,
  parseApiError,
  withoutContext,
  type Answer,
  type ApiError,
  type RequestLine,
  type ServicePolicy,
} from './errors';
export { remembered } from './cache';
export { guardApp, guarded, safeError, scrub, unguarded } from './guard';
export { stepOf, STEP_BUDGET_MS } from './step';
export { builtOnce, record, recordOf, records, type Shape } from './answers';
export { callApi, requestFor, REQUEST_TIMEOUT_MS, type ApiRequest, type Expected, type PathRequest } from './request';
export { throttleDelaySeconds, throttleError, DEFAULT_THROTTLE_SECONDS, MAX_THROTTLE_SECONDS } from './ratelimit';
export { pageNumber, offsetPage, cursorPage } from './paging';
export { findHeader, verifyBodyHmac, verifyTimestampedHmac, TIMESTAMP_TOLERANCE_SECONDS, type Verdict } from './signature';
export { firstDelivery, restHook, verifiedDelivery, MAX_DELIVERY_BYTES, DELIVERY_MEMORY_SECONDS, type DeliveryScheme, type SubscribeData } from './hooks';
export { outputFieldsFrom, labelFor, outputFieldsOnRequest, plainFieldsOf, type OutputField } from './schema';
export { createdWithin, digitsOf, isRetryOf, RETRY_WINDOW_MS } from './retry';
export {
  passthrough,
  passthroughCard,
  passthroughFields,
  passthroughOutputFields,
  passthroughPath,
  passthroughSchema,
  PASSTHROUGH_METHODS,
  type PassthroughMethod,
  type PassthroughRequest,
  type PassthroughResult,
} from './passthrough';
