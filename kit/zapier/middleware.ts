import type { AfterResponseMiddleware, BeforeRequestMiddleware, HttpResponse } from 'zapier-platform-core';
import { sendableCredentials } from '../credentials';
import { interpret, type Answer, type ServicePolicy } from '../errors';

/** The answer a non-raw `z.request` response holds. */
export function answerOf(response: HttpResponse): Answer {
  return {
    status: response.status,
    header: (name) => response.getHeader(name) ?? undefined,
    content: response.content ?? '',
    method: response.request?.method ?? 'GET',
    url: response.request?.url ?? '',
  };
}

/**
 * The connector's `afterResponse`: a request made without the kit's `callApi` (which reads every answer
 * itself, raw or not) is interpreted here, so that no answer reaches an operation unchecked.
 */
export function afterResponseFor(policy: ServicePolicy): AfterResponseMiddleware {
  return (response, z) => {
    if (response.skipThrowForStatus || response.request?.skipThrowForStatus || response.request?.raw) return response;
    interpret(z, policy, answerOf(response));
    return response;
  };
}

/**
 * The connector's `beforeRequest`: a request for another origin than the connection's API is refused
 * before anything of the connection is added (Zapier adds Basic auth after this, so it is refused too);
 * requests for the API get the connection's headers, but for those that ask to go without (OAuth's token
 * endpoint, which authenticates the client in its body).
 */
export function beforeRequestFor(policy: ServicePolicy): BeforeRequestMiddleware {
  return (request, z, bundle) => {
    const origin = new URL(policy.origin(z, bundle)).origin;
    let target: URL | undefined;
    try {
      target = new URL(request.url ?? '');
    } catch {
      target = undefined;
    }
    if (!target || target.origin !== origin) {
      throw new z.errors.Error(
        `${policy.service}: refused to send this connection's credentials to ${target ? target.host : 'an address that is not a URL'}, ` +
          `which is not ${policy.service}'s API. ${policy.redirectHint}`,
        'foreign_host',
        400,
      );
    }
    if (request.middlewareData?.withoutCredentials) return request;
    request.headers = { ...request.headers, ...sendableCredentials(z, policy, bundle, policy.credentials(z, bundle)) };
    return request;
  };
}
