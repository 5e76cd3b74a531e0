// Cuts a postgres:// URL into its raw (still encoded) pieces, the way the WHATWG parser the
// gateway uses does: the authority ends at the first / ? or #, and user info ends at the
// authority's last @. parse and redact both start here, so they agree on where a password is.

export interface RawPostgresUrl {
  scheme: 'postgres' | 'postgresql';
  user: string;
  /** undefined: no ':' in the user info */
  password: string | undefined;
  /** as written; an IPv6 address keeps its brackets */
  host: string;
  /** undefined: no ':port' */
  port: string | undefined;
  /** after the leading '/', up to '?' ('' when there is no path) */
  path: string;
  /** after '?' (undefined when there is no '?') */
  query: string | undefined;
  fragment: string | undefined;
}

export type SplitFailure =
  | 'not-postgres-scheme'
  | 'no-user-info' // no '@' in the authority
  | 'structural-character-in-user-info'; // an '@' after the authority: an unencoded / ? or # cut the user info short

const SCHEME = /^(postgres|postgresql):\/\//i;

export function splitPostgresUrl(url: string): RawPostgresUrl | SplitFailure {
  const scheme = SCHEME.exec(url);
  if (!scheme) return 'not-postgres-scheme';
  const rest = url.slice(scheme[0].length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at === -1) return tail.includes('@') ? 'structural-character-in-user-info' : 'no-user-info';

  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  const hostPort = authority.slice(at + 1);
  // An IPv6 literal is bracketed and full of colons: the port colon comes after the ']'.
  const portColon = hostPort.startsWith('[') ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.indexOf(':');

  const hash = tail.indexOf('#');
  const beforeFragment = hash === -1 ? tail : tail.slice(0, hash);
  const question = beforeFragment.indexOf('?');
  const pathPart = question === -1 ? beforeFragment : beforeFragment.slice(0, question);

  return {
    scheme: scheme[1]!.toLowerCase() as RawPostgresUrl['scheme'],
    user: colon === -1 ? userinfo : userinfo.slice(0, colon),
    password: colon === -1 ? undefined : userinfo.slice(colon + 1),
    host: portColon === -1 ? hostPort : hostPort.slice(0, portColon),
    port: portColon === -1 ? undefined : hostPort.slice(portColon + 1),
    path: pathPart.replace(/^\//, ''),
    query: question === -1 ? undefined : beforeFragment.slice(question + 1),
    fragment: hash === -1 ? undefined : tail.slice(hash + 1),
  };
}
