// A postgres URL safe for a log line: the password (and any password parameter) replaced.
// A URL that cannot be cut into parts is hidden whole: an unencoded # / or ? may have pushed
// part of the password into the host or the path, so no piece of it is safe to show.
import { splitPostgresUrl } from './split-postgres-url.ts';

export const REDACTED = '***';
export const UNPARSEABLE_URL = 'postgres://(url hidden: it cannot be parsed)';

export function redactPostgresUrl(url: string): string {
  const raw = splitPostgresUrl(url);
  if (typeof raw === 'string' || raw.fragment !== undefined) return UNPARSEABLE_URL;
  const userinfo = raw.password === undefined ? raw.user : `${raw.user}:${REDACTED}`;
  const port = raw.port === undefined ? '' : `:${raw.port}`;
  const query = raw.query === undefined ? '' : `?${raw.query.split('&').map(redactPasswordParam).join('&')}`;
  return `${raw.scheme}://${userinfo}@${raw.host}${port}/${raw.path}${query}`;
}

// libpq accepts password=… in the query string too; hide it like the user-info password.
function redactPasswordParam(pair: string): string {
  const eq = pair.indexOf('=');
  const name = eq === -1 ? pair : pair.slice(0, eq);
  return /^(password|sslpassword)$/i.test(safeDecode(name)) ? `${name}=${REDACTED}` : pair;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
