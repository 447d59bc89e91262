import type { DatabaseLocation, DialectSupport } from './dialect-support.js';

/** What a database-server URL names (`<scheme>://user:password@host:port/database`). */
export interface ServerUrl {
  /** The URL as configured; contains the password, never log it. */
  readonly url: string;
  /** The URL with the password masked, safe for logs and errors. */
  readonly safeUrl: string;
  readonly dbName: string;
}

/** The URL's parts when it names a database on a server with one of `protocols` (`mysql:`), else null (pure). */
export function parseServerUrl(value: string, protocols: readonly string[]): ServerUrl | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const dbName = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!protocols.includes(url.protocol) || !url.hostname || !dbName || dbName.includes('/')) return null;
  const safe = new URL(value);
  if (safe.password) safe.password = '***';
  return { url: value, safeUrl: safe.toString(), dbName };
}

/** Whether two URLs name the same database on the same server (`defaultPort` when none is given). */
export function sameServerDatabase(a: string, b: string, defaultPort: string): boolean {
  const [ua, ub] = [new URL(a), new URL(b)];
  return ua.hostname === ub.hostname && (ua.port || defaultPort) === (ub.port || defaultPort) && ua.pathname === ub.pathname;
}

/** `text` with the URL's password masked, as written and URL-decoded (a driver message may quote it). */
export function maskPassword(text: string, url: string): string {
  const password = new URL(url).password;
  return password ? text.split(password).join('***').split(decodeURIComponent(password)).join('***') : text;
}

/** How a dialect whose databases live on a server reads, compares, prints and redacts their URLs. */
export function serverLocation<L extends Extract<DatabaseLocation, ServerUrl>>(
  dialect: L['dialect'],
  protocols: readonly string[],
  defaultPort: string,
): Pick<DialectSupport<L>, 'parseLocation' | 'sameDatabase' | 'printable' | 'redact'> {
  return {
    parseLocation(value) {
      const parsed = parseServerUrl(value, protocols);
      return parsed && ({ dialect, ...parsed } as L);
    },
    sameDatabase: (a, b) => sameServerDatabase(a.url, b.url, defaultPort),
    printable: (location) => location.safeUrl,
    // a driver message may quote the connection URL; never let its password through
    redact: (text, location) => maskPassword(text, location.url),
  };
}
