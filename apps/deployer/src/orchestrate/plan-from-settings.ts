// Settings → the deployment plan, with everything the plan needs read or rendered here:
// the gateway config (checked and within the parameter limit), the real templates, and the
// collector's configuration; every parameter value within CloudFormation's limit. Reads
// files; makes no AWS call.
import { STACK_NAMES, loadTemplate } from '@cagw/cloudformation';
import { assertFitsParameterLimit, checkRenderInput, renderGatewayConfig, type RenderedGatewayConfig } from '@cagw/config-render';
import { CagwError } from '@cagw/errors';
import { type Settings } from '@cagw/profile';
import { renderCollectorConfigYaml } from '@cagw/observability';
import { pinsLockPath } from '../image/pins-lock.ts';
import { observabilityStack } from './observability-stack.ts';
import { assertParametersFit, type ParameterOrigins } from './parameter-size.ts';
import { planDeployment, type PlanInputs } from './plan-deployment.ts';
import type { DeploymentPlan } from './stack-plan.ts';

export interface PlanFromSettingsOptions {
  gatewayOnly?: boolean;
  /** shown in the gateway.yaml header */
  profileName?: string;
  /** the ADOT collector image pinned by digest; default the profile's COLLECTOR_IMAGE_URI */
  collectorImageUri?: string | undefined;
  /** the observability stack; default the one @cagw/observability generates for these settings */
  observability?: PlanInputs['observability'] | false;
  /** deploy needs the collector image; plan can show the gap instead */
  requireCollectorImage?: boolean;
  /** what preflight found in the account (NAT mode, an existing image repository) */
  facts?: PlanInputs['facts'];
}

/** The generated parameter values a profile can push over the limit: the variables they are made from, and the fix. */
const PARAMETER_ORIGINS: ParameterOrigins = {
  'collector.CollectorConfig': {
    variables: ['ENABLE_CODING_AGENT_INSIGHTS', 'FORWARD_LOGS', 'FORWARD_LOG_DETAILS'],
    fix: 'set ENABLE_CODING_AGENT_INSIGHTS=true (the native OTLP export needs a smaller collector config than EMF) or FORWARD_LOGS=false',
  },
};

export async function planFromSettings(settings: Settings, options: PlanFromSettingsOptions = {}): Promise<{ plan: DeploymentPlan; rendered: RenderedGatewayConfig }> {
  const problems = checkRenderInput(settings);
  if (problems.length > 0) {
    throw new CagwError('ProfileInvalid', `the profile cannot be rendered: ${problems.map((p) => p.message).join('; ')}`, {
      source: 'user', where: problems.map((p) => CagwError.is(p) ? p.where : undefined).filter(Boolean).join(', '), fix: problems[0]?.fix,
    });
  }
  if (options.gatewayOnly && settings.idpMode !== 'byo') {
    throw new CagwError('GatewayOnlyNeedsByoIdp', `cagw gateway deploys the gateway alone, but IDP_MODE is ${settings.idpMode}`, {
      source: 'user', where: 'IDP_MODE', fix: 'use cagw deploy (it deploys the Cognito stack too), or set IDP_MODE=byo with OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET_ARN',
    });
  }
  // the gateway authenticates to cagw's collector with the collector stack's token secret
  if (options.gatewayOnly && settings.ENABLE_COLLECTOR) {
    throw new CagwError('GatewayOnlyWithCollector', 'cagw gateway deploys the gateway alone, but ENABLE_COLLECTOR=true: the gateway needs the token of the collector stack, which only cagw deploy wires', {
      source: 'user', where: 'ENABLE_COLLECTOR', fix: 'use cagw deploy, or set ENABLE_COLLECTOR=false (COLLECTOR_ENDPOINT for a collector of your own)',
    });
  }
  const rendered = renderGatewayConfig(settings, options.profileName ? { profileName: options.profileName } : {});
  assertFitsParameterLimit(rendered.budget, settings.policies.length);
  const templates = Object.fromEntries(await Promise.all(STACK_NAMES.map(async (n) => [n, (await loadTemplate(n)).body] as const)));
  const collector = settings.ENABLE_COLLECTOR && !options.gatewayOnly;
  const collectorImageUri = options.collectorImageUri ?? settings.COLLECTOR_IMAGE_URI;
  if (collector && !collectorImageUri && options.requireCollectorImage !== false) {
    throw new CagwError('CollectorImageMissing', 'ENABLE_COLLECTOR=true needs the ADOT collector image pinned by digest', {
      source: 'user', where: 'COLLECTOR_IMAGE_URI', fix: `set COLLECTOR_IMAGE=<repository>:<tag> of the aws-otel-collector image; the first cagw preflight or deploy with network (or cagw pin --profile ${settings.profilePath ?? '<file>'}) records COLLECTOR_IMAGE_URI as <repository>@sha256:<digest> in ${lockOf(settings)}`,
    });
  }
  if (!settings.DB_CLIENT_IMAGE_URI && options.requireCollectorImage !== false) {
    throw new CagwError('DbClientImageMissing', 'the database stack needs a PostgreSQL client image to create the gateway\'s own database role (the gateway never connects as the master)', {
      source: 'user', where: 'DB_CLIENT_IMAGE_URI', fix: `run cagw preflight or cagw pin --profile ${settings.profilePath ?? '<file>'} with network: it resolves DB_CLIENT_IMAGE (default public.ecr.aws/docker/library/postgres:16-alpine) and records DB_CLIENT_IMAGE_URI as <repository>@sha256:<digest> in ${lockOf(settings)}`,
    });
  }
  const collectorConfig = collector
    ? renderCollectorConfigYaml({
      stackPrefix: settings.STACK_PREFIX, region: settings.AWS_REGION, collectorMode: settings.ENABLE_CODING_AGENT_INSIGHTS ? 'native' : 'emf',
      forwardLogs: settings.FORWARD_LOGS, forwardLogDetails: settings.FORWARD_LOG_DETAILS,
      // the collector stack puts its log group names in the task environment
      eventsLogGroupName: '${env:EVENTS_LOG_GROUP}', emfLogGroupName: '${env:METRICS_LOG_GROUP}',
    })
    : undefined;
  const plan = planDeployment(settings, {
    packedConfig: rendered.packed, templates, collectorConfig, collectorImageUri,
    observability: options.gatewayOnly || options.observability === false ? undefined : (options.observability ?? observabilityStack(settings)),
    gatewayOnly: options.gatewayOnly ?? false,
    facts: options.facts,
  });
  assertParametersFit(plan, PARAMETER_ORIGINS);
  return { plan, rendered };
}

/** The pins lock the fix texts name: beside the profile. */
const lockOf = (settings: Settings) => (settings.profilePath ? pinsLockPath(settings.profilePath) : '<profile>.pins.lock.json beside the profile');
