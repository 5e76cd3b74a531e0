// The pieces a postgres:// URL for the gateway is made of.

/**
 * libpq's sslmode values. The gateway's driver (Bun.SQL) reads only `sslmode` from the query
 * string, and without it connects in plaintext, so cagw always writes one.
 */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** RDS: verify the server certificate and its name; trust comes from NODE_EXTRA_CA_CERTS (the RDS CA bundle). */
export const DEFAULT_SSL_MODE: SslMode = 'verify-full';
export const DEFAULT_POSTGRES_PORT = 5432;

/** A postgres URL, decoded: what buildPostgresUrl takes and parsePostgresUrl returns. */
export interface PostgresUrlParts {
  /** DNS name, IPv4 address, or IPv6 address (without brackets) */
  host: string;
  port: number;
  database: string;
  user: string;
  /** undefined: no password in the URL (e.g. it is given as store.password instead) */
  password: string | undefined;
  /** undefined only when parsing a URL that has none (the gateway then connects in plaintext) */
  sslmode: SslMode | undefined;
  /** extra query parameters, decoded; the driver forwards them to the server as startup parameters */
  params: Record<string, string>;
}

/** What buildPostgresUrl needs; port, sslmode and params have defaults. */
export interface PostgresUrlInput {
  host: string;
  port?: number | undefined;
  database: string;
  user: string;
  password?: string | undefined;
  sslmode?: SslMode | undefined;
  params?: Readonly<Record<string, string>> | undefined;
}

/**
 * libpq client-side TLS options. Bun.SQL forwards unknown query parameters to the server as
 * startup parameters, and the server refuses these, so the gateway fails to connect.
 */
export const CLIENT_ONLY_PARAMS: readonly string[] = ['sslrootcert', 'sslcert', 'sslkey', 'sslcrl', 'sslpassword', 'sslcrldir', 'sslsni'];
