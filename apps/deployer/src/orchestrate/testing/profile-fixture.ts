// Builds what a deploy needs from a shipped profile: Settings, the packed config, the real
// templates, and steps that stand in for docker and ACM (they count how often they ran).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTemplate, STACK_NAMES } from '@cagw/cloudformation';
import { renderGatewayConfig } from '@cagw/config-render';
import { renderCollectorConfigYaml } from '@cagw/observability';
import { loadSettingsOrThrow, type Settings } from '@cagw/profile';
import { observabilityStack } from '../observability-stack.ts';
import { planDeployment, type PlanInputs } from '../plan-deployment.ts';
import type { DeploymentPlan } from '../stack-plan.ts';
import type { StepRunner } from '../step-runner.ts';

export const PROFILES_DIR = fileURLToPath(new URL('../../../../../profiles/', import.meta.url));
/** every shipped deployment profile (local.env is for `cagw local`, not AWS) */
export const shippedProfiles = (): string[] => readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.env') && f !== 'local.env').sort();

export function loadShippedProfile(file: string, env: Record<string, string> = {}): Settings {
  // a deploy needs the PostgreSQL client image of the database stack's role task
  return loadSettingsOrThrow({ profilePath: `${PROFILES_DIR}${file}`, env: { DB_CLIENT_IMAGE_URI: `public.ecr.aws/docker/library/postgres@sha256:${'c3'.repeat(32)}`, ...env } }).settings;
}

export async function realTemplates(): Promise<Record<string, string>> {
  const entries = await Promise.all(STACK_NAMES.map(async (n) => [n, (await loadTemplate(n)).body] as const));
  return Object.fromEntries(entries);
}

export async function planForProfile(file: string, extra: Partial<PlanInputs> = {}, env: Record<string, string> = {}): Promise<{ settings: Settings; plan: DeploymentPlan }> {
  return planForSettings(loadShippedProfile(file, env), file.replace(/\.env$/, ''), extra);
}

/** The plan for a profile file anywhere (a test's own), as cagw deploy would make it. */
export async function planForProfilePath(profilePath: string, extra: Partial<PlanInputs> = {}): Promise<{ settings: Settings; plan: DeploymentPlan }> {
  const settings = loadSettingsOrThrow({ profilePath, env: {} }).settings;
  return planForSettings(settings, profilePath.replace(/^.*\//, '').replace(/\.env$/, ''), extra);
}

/** The plan for Settings already loaded, as cagw deploy would make it. */
export async function planForSettings(settings: Settings, profileName: string, extra: Partial<PlanInputs>): Promise<{ settings: Settings; plan: DeploymentPlan }> {
  const rendered = renderGatewayConfig(settings, { profileName });
  const plan = planDeployment(settings, {
    packedConfig: rendered.packed, templates: await realTemplates(),
    observability: observabilityStack(settings),
    collectorConfig: renderCollectorConfigYaml({
      stackPrefix: settings.STACK_PREFIX, region: settings.AWS_REGION, collectorMode: settings.ENABLE_CODING_AGENT_INSIGHTS ? 'native' : 'emf',
      forwardLogs: settings.FORWARD_LOGS, eventsLogGroupName: '${env:EVENTS_LOG_GROUP}', emfLogGroupName: '${env:METRICS_LOG_GROUP}',
    }),
    collectorImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/adot@sha256:' + 'a'.repeat(64),
    ...extra,
  });
  return { settings, plan };
}

/** A step that makes its outputs once and finds them on every later run. */
export class RememberingStep implements StepRunner {
  runs = 0;
  private made: Record<string, string> | undefined;
  constructor(private readonly make: (inputs: Record<string, string>) => Record<string, string>) {}
  async find(): Promise<Record<string, string> | undefined> {
    return this.made;
  }
  async run(inputs: Record<string, string>): Promise<Record<string, string>> {
    this.runs += 1;
    this.made = this.make(inputs);
    return this.made;
  }
}

/** ACM certificate ARNs shaped like the real ones (the templates' AllowedPattern checks them) */
export const CERTIFICATE_ARNS = {
  GatewayCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-4697-8877-665544332211',
  VpnServerCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  VpnClientRootCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
};

export const fakeSteps = () => ({
  image: new RememberingStep((i) => ({ ImageUri: `${i.RepositoryUri}@sha256:${'b'.repeat(64)}` })),
  certificates: new RememberingStep(() => ({ ...CERTIFICATE_ARNS })),
});
