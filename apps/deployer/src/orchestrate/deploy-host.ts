// How the orchestration talks to whoever drives it (the CLI, a test, another tool): coded
// notices, live progress per stack, and one question. It never prints.
import type { StackEvent } from '@aws-sdk/client-cloudformation';

export type NoticeLevel = 'info' | 'warn' | 'error' | 'result';

export interface DeployNotice {
  level: NoticeLevel;
  code: `CAGW_${string}`;
  text: string;
  data?: unknown;
}

export type StackPhase =
  | 'waiting' | 'reviewing' | 'unchanged' | 'deleting' | 'creating change set' | 'deploying' | 'running step'
  | 'completed' | 'failed' | 'skipped' | 'interrupted';

export interface StackProgress {
  node: string;
  stackName: string;
  phase: StackPhase;
  /** when the current phase started (ms since epoch) */
  since: number;
  resourcesDone?: number;
  resourcesTotal?: number;
  /** a resource event of this stack, when the update is one */
  event?: StackEvent;
}

export interface DeployHost {
  notify(notice: DeployNotice): void;
  progress(update: StackProgress): void;
  confirm(request: { code: `CAGW_${string}`; text: string; defaultAnswer: boolean }): Promise<boolean>;
}
