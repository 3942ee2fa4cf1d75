export { baseUrl, segment } from './config';
export { reach, REQUEST_TIMEOUT_MS } from './network';
export { errorMapper, parseApiError, withoutContext, type ApiError, type ErrorPolicy, type RefusedRequest } from './errors';
export { throttleDelaySeconds, DEFAULT_THROTTLE_SECONDS } from './ratelimit';
export { pageNumber, offsetPage, cursorPage } from './paging';
export { findHeader, signSerebro, signSergio, verifySerebro, verifySergio, SEREBRO_TOLERANCE_SECONDS, type Verdict } from './signature';
export { acceptDelivery, firstDelivery, MAX_DELIVERY_BYTES, DELIVERY_MEMORY_SECONDS, type DeliveryCheck } from './webhook';
export { outputFieldsFrom, labelFor, type OutputField } from './schema';
