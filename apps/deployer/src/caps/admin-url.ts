// Where the admin write key may be sent: HTTPS only, plain http on this machine (cagw local);
// with --url, only to the profile's own gateway host or to a loopback tunnel. Checked before the
// key is read, so a wrong URL never even costs a Secrets Manager call.
import { CagwError } from '@cagw/errors';
import { isLoopbackUrl } from '../image/image-reference.ts';

function refused(message: string, where: string, fix: string): CagwError {
  return new CagwError('AdminUrlRefused', message, { source: 'user', where, fix });
}

/** The URL, when the admin key may go there; AdminUrlRefused otherwise. `profileUrl` is the profile's gateway. */
export function checkAdminUrl(url: string, where: string, profileUrl?: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refused(`${where} "${url}" is not a URL, so cagw will not send the admin key to it`, where, 'give the gateway address as https://<host>[:port]');
  }
  const loopback = isLoopbackUrl(parsed);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw refused(`${where} ${url} is not https, and the admin write key would cross the network in clear`, where, 'use the https:// address of the gateway (plain http:// only to 127.0.0.1 or localhost, as cagw local serves)');
  }
  if (parsed.username || parsed.password) {
    throw refused(`${where} ${parsed.origin} carries a user name or password in the URL`, where, 'remove the user:password@ part: the admin key is the only credential sent');
  }
  if (profileUrl && !loopback && parsed.hostname !== new URL(profileUrl).hostname) {
    throw refused(`${where} ${parsed.origin} is not the profile's gateway (${new URL(profileUrl).origin}), so cagw will not send the admin write key there`, where,
      `leave --url out to use ${new URL(profileUrl).origin}, or reach the gateway through a tunnel on 127.0.0.1 (--url https://127.0.0.1:<port>)`);
  }
  return parsed;
}
