export { appFrom, byKey, schemasOf, type ByKey, type FindOrCreate, type OperationGroups, type OperationModule } from './app';
export { baseUrl, checkOverride, clean, overrideProblem, segment } from './config';
export {
  afterResponseFor,
  beforeRequestFor,
  interpret,
  invalidInput,
  parseApiError,
  requireText,
  withoutContext,
  type Answer,
  type ApiError,
  type RefusedRequest,
  type ServicePolicy,
} from './errors';
export { remembered } from './cache';
export { checkIssuedTokens } from './oauth';
export { guardApp, guarded, outputFieldsOnRequest, plainFieldsOf, safeError, scrub, stepOf, unguarded, STEP_BUDGET_MS } from './guard';
export { callApi, record, records, REQUEST_TIMEOUT_MS, type ApiRequest, type Expected, type Shape } from './request';
export { throttleDelaySeconds, throttleError, DEFAULT_THROTTLE_SECONDS, MAX_THROTTLE_SECONDS } from './ratelimit';
export { pageNumber, offsetPage, cursorPage, readPages } from './paging';
export { findHeader, verifyBodyHmac, verifyTimestampedHmac, TIMESTAMP_TOLERANCE_SECONDS, type Verdict } from './signature';
export { firstDelivery, restHook, verifiedDelivery, MAX_DELIVERY_BYTES, DELIVERY_MEMORY_SECONDS, type DeliveryScheme, type SubscribeData } from './hooks';
export { outputFieldsFrom, labelFor, type OutputField } from './schema';
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
