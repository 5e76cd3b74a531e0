// @cagw/dsn: the gateway's Postgres URL, built so that any generated password survives,
// parsed back with clear errors, and redacted for logs.
export { encodeUserinfo } from './encode-userinfo.ts';
export { buildPostgresUrl } from './build-postgres-url.ts';
export { parsePostgresUrl } from './parse-postgres-url.ts';
export type { ParseOptions } from './parse-postgres-url.ts';
export { redactPostgresUrl, REDACTED, UNPARSEABLE_URL } from './redact-postgres-url.ts';
export { CLIENT_ONLY_PARAMS, DEFAULT_POSTGRES_PORT, DEFAULT_SSL_MODE, SSL_MODES } from './postgres-url-parts.ts';
export type { PostgresUrlInput, PostgresUrlParts, SslMode } from './postgres-url-parts.ts';
