// What cagw bootstrap sends and what it refuses before sending anything: the template's
// parameters (the execution role's actions from every template cagw deploys, the deploy role's
// GitHub subject and repository), a region cagw has no prices and checks for, and an account
// whose bootstrap stack is of another version.
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CagwError } from '@cagw/errors';
import { callAws } from '../orchestrate/aws-call.ts';
import { PRICE_TABLE } from '../cost/price-table.ts';
import { bootstrappedOwnCallActions } from '../iam-policy/deployer-policy.ts';
import { executionRoleStatements, resourceTypesOf, type TemplateText } from '../iam-policy/execution-role-policy.ts';
import { BOOTSTRAP_STACK_NAME, BOOTSTRAP_VERSION } from './bootstrap-names.ts';
import { githubSubject } from './trust-github.ts';

export interface BootstrapInput {
  region: string;
  /** every template cagw deploys (the shipped ones and the profile's observability template) */
  templates: TemplateText[];
  /** --trust-github ORG/REPO[:ENVIRONMENT] */
  trustGithub?: string | undefined;
  /** the image repository the deploy role may push to (ECR_REPO) */
  ecrRepository: string;
}

/** The regions cagw supports: those its price table and checks cover. */
export const SUPPORTED_REGIONS: readonly string[] = Object.keys(PRICE_TABLE).sort();

/** The bootstrap stack's parameters; throws before any AWS call on a bad --trust-github or region. */
export function bootstrapParameters(input: BootstrapInput): Record<string, string> {
  if (!SUPPORTED_REGIONS.includes(input.region)) {
    throw new CagwError('BootstrapRegionUnsupported', `cagw does not support the region ${input.region}, so it bootstraps nothing there`, {
      source: 'user', where: 'AWS_REGION', fix: `set AWS_REGION to one of ${SUPPORTED_REGIONS.join(', ')}`,
    });
  }
  const subject = input.trustGithub === undefined ? '' : githubSubject(input.trustGithub);
  const actions = executionRoleStatements(resourceTypesOf(input.templates)).flatMap((s) => s.Action);
  return {
    ExecutionRoleActions: actions.join(','), TrustGithubSubject: subject, ImageRepositoryName: input.ecrRepository,
    DeployRoleCallActions: bootstrappedOwnCallActions(input.region, input.ecrRepository).join(','),
  };
}

export interface BootstrapStack {
  version: string | undefined;
  status: string;
  outputs: Record<string, string>;
}

/** The account's bootstrap stack in this region, undefined when there is none. */
export async function readBootstrapStack(cfn: CloudFormationClient, awsProfile?: string): Promise<BootstrapStack | undefined> {
  const found = await callAws(`looking for the ${BOOTSTRAP_STACK_NAME} stack`, () => cfn.send(new DescribeStacksCommand({ StackName: BOOTSTRAP_STACK_NAME })).catch((e: unknown) => {
    // DescribeStacks answers ValidationError "Stack with id X does not exist" for a missing stack
    if ((e as Error)?.name === 'ValidationError' && /does not exist/.test((e as Error).message)) return undefined;
    throw e;
  }), { awsProfile });
  const stack = found?.Stacks?.[0];
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return undefined;
  const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  return { version: outputs.BootstrapVersion, status: stack.StackStatus ?? 'UNKNOWN', outputs };
}

/** Refuses a bootstrap stack of another version: this cagw would change what another cagw relies on. */
export function refuseOtherVersion(existing: BootstrapStack | undefined, region: string): void {
  if (existing && existing.version !== BOOTSTRAP_VERSION) {
    throw new CagwError('BootstrapVersionMismatch', `the account already holds bootstrap version ${existing.version ?? '(none)'} in ${region}; this cagw makes version ${BOOTSTRAP_VERSION}`, {
      source: 'user', where: `stack ${BOOTSTRAP_STACK_NAME} in ${region}`,
      fix: `use the cagw release that made it, or, when no cagw stack uses it, remove it with that release's cagw bootstrap --destroy and bootstrap again`,
    });
  }
}
