/**
 * Paths API Request must refuse before any request, with the message each connector's test expects
 * (every one names the Path field and none quotes the path). Shared by connectors/<service>/test/api_request.test.ts.
 */
import nock from 'nock';

const ADDRESS = /^Path must be a path on this API, not a full address/;

export const REFUSED_PATHS: Array<[string, string, RegExp]> = [
  ['an absolute URL', 'https://evil.example/x', ADDRESS],
  ['a protocol-relative URL', '//evil.example/x', ADDRESS],
  ['a javascript: URL', 'javascript:alert(1)', ADDRESS],
  ['an http: scheme', 'http:/evil.example/x', ADDRESS],
  ['a scheme in capitals', 'HTTPS://evil.example', ADDRESS],
  ['a slash and a backslash', '/\\evil.example/x', ADDRESS],
  ['a UNC-like path', '\\\\evil.example\\x', ADDRESS],
  ['"@" in the path', '/contacts@evil.example', /^Path must not contain "@"/],
  ['"@" percent-encoded', '/x%40evil.example', /^Path must not contain "@"/],
  ['".." as a segment', '/../admin', /^Path must not contain "\.\."/],
  ['".." at the end', '/contacts/..', /^Path must not contain "\.\."/],
  ['".." percent-encoded', '/%2e%2e/admin', /^Path must not contain "\.\."/],
  ['".." percent-encoded in capitals with a slash', '/x/%2E%2E%2Fadmin', /^Path must not contain "\.\."/],
  ['".." encoded twice', '/%252e%252e/admin', /^Path must not contain "\.\."/],
  ['backslashes', '/contacts\\x', /^Path must not contain backslashes/],
  ['a backslash percent-encoded', '/contacts%5cx', /^Path must not contain backslashes/],
  ['no leading slash', 'contacts', /^Path must start with "\/"/],
  ['"@host" without a slash', '@evil.example', /^Path must start with "\/"/],
  ['a space', '/contacts list', /^Path must not contain spaces/],
  ['a trailing line break', '/contacts\n', /^Path must not contain spaces/],
  ['an encoded CRLF (header injection)', '/contacts%0d%0aX-Injected:%20evil', /^Path must not contain spaces/],
  ['a NUL character', '/contacts\u0000', /^Path must not contain spaces/],
  ['a query string', '/contacts?limit=5', /^Path must not hold a query string/],
  ['a fragment', '/contacts#evil', /^Path must not hold a query string/],
  ['a broken percent-encoding', '/contacts%zz', /^Path holds a "%"/],
  ['nothing', '', /^Path is required/],
];

/** Catches any request to a foreign host: nothing of the connection may reach it. */
export function foreignTripwire(): { sent: () => boolean } {
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const scope = nock('https://evil.example');
  for (const method of methods) scope.intercept(() => true, method).reply(200, {});
  return { sent: () => scope.pendingMocks().length < methods.length };
}
