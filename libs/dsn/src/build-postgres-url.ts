// Parts → the postgres:// URL the gateway reads from store.postgres_url. Every free-text part
// is percent-encoded, so any password RDS generates survives; the host, port, sslmode and
// parameter names are checked, because a wrong one fails only at the gateway's boot.
import { isIPv6 } from 'node:net';
import { CagwError } from '@cagw/errors';
import { encodeUserinfo } from './encode-userinfo.ts';
import { CLIENT_ONLY_PARAMS, DEFAULT_POSTGRES_PORT, DEFAULT_SSL_MODE, SSL_MODES } from './postgres-url-parts.ts';
import type { PostgresUrlInput } from './postgres-url-parts.ts';

// A DNS name or an IPv4 address; IPv6 is checked separately (it is written in brackets).
const HOST_NAME = /^[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?$/;

/** The gateway's postgres URL for `input`; sslmode defaults to verify-full, port to 5432. */
export function buildPostgresUrl(input: PostgresUrlInput): string {
  const port = input.port ?? DEFAULT_POSTGRES_PORT;
  const sslmode = input.sslmode ?? DEFAULT_SSL_MODE;
  const params = input.params ?? {};

  if (!isIPv6(input.host) && !HOST_NAME.test(input.host)) {
    throw partInvalid('host', `postgres host "${input.host}" is not a DNS name or an IP address`, 'use the database endpoint address, e.g. the RDS Endpoint.Address');
  }
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw partInvalid('port', `postgres port ${port} is not an integer from 1 to 65535`, 'use the database port, usually 5432');
  }
  if (input.user === '') throw partInvalid('user', 'postgres user is empty', 'name the database role the gateway connects as');
  if (input.database === '') throw partInvalid('database', 'postgres database is empty', 'name the database the gateway keeps its tables in');
  if (!(SSL_MODES as readonly string[]).includes(sslmode)) {
    throw partInvalid('sslmode', `sslmode "${sslmode}" is not one of ${SSL_MODES.join(', ')}`, 'use verify-full for RDS');
  }
  for (const name of Object.keys(params)) checkParamName(name);

  const host = isIPv6(input.host) ? `[${input.host}]` : input.host;
  const userinfo = encodeUserinfo(input.user) + (input.password === undefined ? '' : `:${encodeUserinfo(input.password)}`);
  const query = [['sslmode', sslmode], ...Object.entries(params)].map(([k, v]) => `${encodeUserinfo(k!)}=${encodeUserinfo(v!)}`).join('&');
  return `postgres://${userinfo}@${host}:${port}/${encodeUserinfo(input.database)}?${query}`;
}

function checkParamName(name: string): void {
  if (name === '') throw partInvalid('params', 'a postgres url parameter has an empty name', 'remove it');
  if (name === 'sslmode') throw partInvalid('params.sslmode', 'sslmode is given as a parameter', 'pass it as the sslmode field instead');
  if (CLIENT_ONLY_PARAMS.includes(name)) {
    throw partInvalid(
      `params.${name}`,
      `postgres url parameter "${name}" breaks the gateway's connection (its driver sends it to the server, which refuses it)`,
      'remove it; trust the RDS CA through NODE_EXTRA_CA_CERTS instead',
    );
  }
}

function partInvalid(field: string, message: string, fix: string): CagwError {
  return new CagwError('PostgresUrlPartInvalid', message, { source: 'user', where: field, fix });
}
