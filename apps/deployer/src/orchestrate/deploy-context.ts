// What a deploy takes from whoever drives it: the CloudFormation client, the host it talks
// through, the steps that make inputs for stacks, and how it runs (concurrency, dry run, waits,
// names, where big templates go).
import type { CloudFormationClient, StackEvent } from '@aws-sdk/client-cloudformation';
import type { DeployHost } from './deploy-host.ts';
import type { WaiterTiming } from './run-waiter.ts';
import type { StepPlan } from './stack-plan.ts';
import type { StepRunner } from './step-runner.ts';
import type { TemplateStore } from './template-delivery.ts';

export interface DeployContext {
  cfn: CloudFormationClient;
  host: DeployHost;
  steps?: Partial<Record<StepPlan['id'], StepRunner>>;
  signal?: AbortSignal | undefined;
  awsProfile?: string | undefined;
  /** stacks deployed at the same time (default 4) */
  concurrency?: number;
  /** show the change sets, then delete them; change nothing */
  dryRun?: boolean;
  /** logical ids whose replacement or removal is accepted although guarded (guarded-changes.ts) */
  allowReplace?: readonly string[];
  timing?: WaiterTiming;
  eventPollMs?: number;
  fixContext?: { gatewayHost?: string | undefined; zoneId?: string | undefined };
  /** why a failed resource failed, from another service (ECS stopped tasks) */
  explain?: (stackName: string, event: StackEvent) => Promise<string | undefined>;
  /** change set names are cagw-<this>; default the current time */
  runId?: string;
  /** where templates over the inline limit are uploaded (the S3 staging bucket) */
  templateStore?: TemplateStore | undefined;
}
