/** What the connectors use of the kit (scripts and tests import the kit's files directly). */
export { schemasOf, type Connector } from './connector';
export { defineCreate, defineInputField, defineInputFields, defineSearch, defineTrigger } from './define';
export { builtOnce, record, recordOf, type Shape } from './answers';
export { remembered } from './cache';
export { baseUrl, checkOverride } from './config';
export { endpointOf, withoutContext, type ApiError, type RequestLine, type ServicePolicy } from './errors';
export { restHook, type DeliveryScheme } from './hooks';
export { clean, invalidInput, requireText, segment } from './input';
export { checkIssuedTokens } from './oauth';
export { cursorPage, offsetPage, readPages } from './paging';
export { passthrough, passthroughCard, passthroughFields, passthroughOutputFields, passthroughSchema } from './passthrough';
export { callApi, requestFor, type PathRequest } from './request';
export { createdWithin, digitsOf, isRetryOf } from './retry';
export { outputFieldsFrom, type OutputField } from './schema';
export { findHeader, verifyBodyHmac, verifyTimestampedHmac } from './signature';
export { onPlatform } from './step';
