/**
 * What counts as "this machine" for the sandbox: 127.0.0.0/8, ::1 and localhost. Used to refuse to
 * listen or deliver anywhere else, and to refuse admin and consent requests that a web page on
 * another origin (or a DNS name rebound to 127.0.0.1) makes through the user's browser.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const bare = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** An http(s) URL whose host is loopback. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const { hostname, protocol } = new URL(url);
    return (protocol === 'http:' || protocol === 'https:') && isLoopbackHostname(hostname);
  } catch {
    return false;
  }
}

/**
 * A `Host` header naming a loopback address, with any port: `127.0.0.1:4010`, `localhost`, `[::1]:4010`.
 * Parsed by hand, not through `new URL`, which would read `evil.example@127.0.0.1` as a user and a host.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(host ?? '');
  return match !== null && isLoopbackHostname(match[1]);
}

/** The parsed `Origin` header, or undefined when it is not a plain `scheme://host[:port]` origin (`null` included). */
function parseOrigin(origin: string): URL | undefined {
  try {
    const url = new URL(origin);
    return url.origin === origin.toLowerCase() && (url.protocol === 'http:' || url.protocol === 'https:') ? url : undefined;
  } catch {
    return undefined;
  }
}

/** An `Origin` header of a page served from this machine, on any port. */
export function isLoopbackOrigin(origin: string): boolean {
  const url = parseOrigin(origin);
  return url !== undefined && isLoopbackHostname(url.hostname);
}

/**
 * An `Origin` header of a page the sandbox itself served: its scheme and port, under any loopback
 * name (a developer may open `localhost:4010` while the sandbox calls itself `127.0.0.1:4010`).
 */
export function isOwnOrigin(origin: string, sandboxOrigin: string): boolean {
  const url = parseOrigin(origin);
  const own = parseOrigin(sandboxOrigin);
  if (!url || !own || !isLoopbackHostname(url.hostname)) return false;
  const port = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');
  return url.protocol === own.protocol && port(url) === port(own);
}
