// The real gateway names a config path (`managed.policies[2].cli.availableModels`); a person
// edits a profile variable or a policy. This puts the two side by side.
import { parseConfigPath, sourceOfConfigPath, type ConfigSource } from './config-sources.ts';

export interface GatewayFieldFinding {
  /** the gateway's path, e.g. managed.policies[0].cli.permissions */
  path: string;
  message: string;
}

export interface TracedFinding extends GatewayFieldFinding {
  /** the profile variable or policy that produced the path; undefined when cagw never writes it */
  source: string | undefined;
}

export function traceGatewayErrors(findings: readonly GatewayFieldFinding[], sources: readonly ConfigSource[]): TracedFinding[] {
  return findings.map((f) => ({ ...f, source: f.path ? sourceOfConfigPath(sources, parseConfigPath(f.path)) : undefined }));
}

// Warnings name policies as "managed policy N" (1-based) or "managed.policies[N]".
const POLICY_IN_WARNING = /managed(?: policy |\.policies\[)(\d+)/;

/** The profile source a gateway warning line is about, when it names something cagw rendered. */
export function traceGatewayWarning(line: string, sources: readonly ConfigSource[]): string | undefined {
  const policy = POLICY_IN_WARNING.exec(line);
  if (policy) {
    const index = line.includes('managed policy ') ? Number(policy[1]) - 1 : Number(policy[1]);
    return sourceOfConfigPath(sources, ['managed', 'policies', index]);
  }
  const path = /\b((?:listen|oidc|session|store|upstreams|models|telemetry|admin|enforcement)(?:\.[\w[\]]+)*)/.exec(line)?.[1];
  return path ? sourceOfConfigPath(sources, parseConfigPath(path)) : undefined;
}
