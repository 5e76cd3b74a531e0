// The environment a local gateway runs with: only what the upstream needs from the caller's
// environment (the AWS credential chain, proxies, CA bundles, HOME for ~/.aws), plus the
// session's own loopback secrets. Nothing else of the caller's leaks in.
import type { ConfigFacts } from './config-facts.ts';
import type { LocalSecrets } from './local-secrets.ts';

const PASSED_THROUGH = /^(AWS_[A-Z0-9_]+|HOME|USERPROFILE|PATH|TMPDIR|HTTPS?_PROXY|https?_proxy|NO_PROXY|no_proxy|SSL_CERT_FILE|NODE_EXTRA_CA_CERTS)$/;

export function localGatewayEnvironment(
  callerEnv: Readonly<Record<string, string | undefined>>,
  facts: ConfigFacts,
  secrets: LocalSecrets,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(callerEnv)) if (value !== undefined && PASSED_THROUGH.test(name)) env[name] = value;
  for (const name of facts.adminKeyVariables) env[name] = secrets.adminKey;
  if (facts.jwtSecretVariable) env[facts.jwtSecretVariable] = secrets.jwtSecret;
  return env;
}
