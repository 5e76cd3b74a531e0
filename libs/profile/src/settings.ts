// The typed result of loading a profile: every catalog variable (defaults applied) plus the
// values derived from them that every later step needs.
import type { GroupPolicy } from './group-policy.ts';
import type { ValueType } from './value-types.ts';
import type { variableCatalog } from './variable-catalog.ts';

type Catalog = typeof variableCatalog;
type ValueOf<S> = S extends { type: ValueType<infer T> } ? T : never;

/** Catalog variables: always present when they have a default, else possibly undefined. */
export type VariableValues = {
  readonly [K in keyof Catalog]: Catalog[K] extends { default: string | ((raw: never) => string) } ? ValueOf<Catalog[K]> : ValueOf<Catalog[K]> | undefined;
};

export type TlsMode = 'managed' | 'byo-cert' | 'self-signed';
export type StackPart = 'network' | 'database' | 'idp' | 'collector' | 'gateway' | 'vpn' | 'observability';

export interface DerivedSettings {
  readonly tlsMode: TlsMode;
  /** the hostname developers connect to */
  readonly gatewayHost: string;
  /** `https://<gatewayHost>` */
  readonly publicUrl: string;
  /** where the gateway sends telemetry; undefined = telemetry off */
  readonly collectorEndpoint: string | undefined;
  /** first-match order, the catch-all last */
  readonly policies: readonly GroupPolicy[];
  readonly idpMode: 'new-cognito' | 'existing-cognito' | 'byo';
  readonly bedrockRegion: string;
  readonly stackNames: Readonly<Record<StackPart, string>>;
  /** the profile file this came from, if any (relative paths in it resolve against its folder) */
  readonly profilePath: string | undefined;
}

export type Settings = VariableValues &
  DerivedSettings & {
    readonly AWS_REGION: string;
    readonly ALLOWED_DOMAINS: readonly string[];
  };
