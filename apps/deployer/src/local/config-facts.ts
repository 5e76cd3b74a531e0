// What a local session needs to know from a rendered gateway config, read from the config
// itself (not the profile) so it is exactly what the gateway runs with.
import { referencedVariables, type GatewayConfig } from '@cagw/local-gateway';

export interface ConfigFacts {
  /** every model id the config offers (models[].id) */
  models: string[];
  /** an `admin:` block is present: spend caps and the admin API are on */
  spendCaps: boolean;
  adminGroups: string[];
  /** the `${VAR}` names the admin write keys are read from */
  adminKeyVariables: string[];
  /** the `${VAR}` name of session.jwt_secret, when it is a reference */
  jwtSecretVariable: string | undefined;
  allowedEmailDomains: string[];
}

const asObject = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const strings = (value: unknown): string[] => asList(value).filter((item): item is string => typeof item === 'string');

export function readConfigFacts(config: GatewayConfig): ConfigFacts {
  const admin = config.admin === undefined ? undefined : asObject(config.admin);
  return {
    models: asList(config.models).flatMap((model) => {
      const id = asObject(model).id;
      return typeof id === 'string' ? [id] : [];
    }),
    spendCaps: admin !== undefined,
    adminGroups: strings(admin?.admin_groups),
    adminKeyVariables: asList(admin?.write_keys).flatMap((key) => referencedVariables(asObject(key).key)),
    jwtSecretVariable: referencedVariables(asObject(config.session).jwt_secret)[0],
    allowedEmailDomains: strings(asObject(config.oidc).allowed_email_domains),
  };
}
