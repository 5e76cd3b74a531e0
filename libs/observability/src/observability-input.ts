// What @cagw/observability needs to know about a deployment. Narrow on purpose: the
// profile's Settings map onto it in settings-mapping.ts, and tests build it by hand.

/** native = OTLP straight to CloudWatch with SigV4 (feeds Coding Agent Insights); emf = Embedded Metric Format logs. */
export type CollectorMode = 'native' | 'emf';

/** A daily spend cap as configured in the gateway's admin API, so alarms can warn before it bites. */
export interface DailySpendCap {
  /** organization and group caps are per-seat defaults in the gateway, so they apply to each user */
  scope: 'organization' | 'group' | 'user';
  /** the IdP group (scope group) or the user's email (scope user); absent for organization */
  subject?: string;
  amountUsd: number;
}

export interface SpendThresholds {
  /** whole organisation, rolling 24 hours */
  dailyCostUsd: number;
  /** per user, rolling 24 hours, for every user (native mode) or the listed users (emf mode) */
  perUserDailyUsd: number;
  /** users with their own alarm; a threshold here overrides perUserDailyUsd for that user */
  users: { email: string; dailyUsd: number }[];
  /** IdP groups (the `user.groups` attribute) with a daily team spend alarm */
  teams: { group: string; dailyUsd: number }[];
  /** caps to warn at each of `capWarningPercents` */
  dailySpendCaps: DailySpendCap[];
  capWarningPercents: number[];
}

/**
 * Names of the resources the other stacks create. In the observability template they are
 * parameters fed from those stacks' outputs; in dashboard bodies they are the real values
 * (the deployer reads them from the outputs), or `expectedResourceNames` for a preview.
 */
export interface ObservedResources {
  loadBalancerFullName: string;
  targetGroupFullName: string;
  clusterName: string;
  serviceName: string;
  gatewayLogGroupName: string;
  dbInstanceIdentifier: string;
  /** absent when the gateway's certificate is not in ACM */
  certificateArn?: string;
  /** the bundled collector's own log group; absent without the bundled collector */
  collectorLogGroupName?: string;
  /** the bundled collector's load balancer, target group and service, for its health alarms */
  collectorLoadBalancerFullName?: string;
  collectorTargetGroupFullName?: string;
  collectorClusterName?: string;
  collectorServiceName?: string;
  /** where the collector writes forwarded events (FORWARD_LOGS) */
  eventsLogGroupName: string;
  /** where the collector writes EMF records (emf mode) */
  emfLogGroupName: string;
}

export interface ObservabilityInput {
  /** STACK_PREFIX: names every stack, dashboard, alarm and metric namespace of this deployment */
  stackPrefix: string;
  region: string;
  collectorMode: CollectorMode;
  /** FORWARD_LOGS: the collector forwards client events (metadata only) to the events log group */
  forwardLogs: boolean;
  /** FORWARD_LOG_DETAILS: ...every event with every attribute, not only what the queries read */
  forwardLogDetails?: boolean;
  /** ALARM_EMAIL: subscribed to the alarm topic when set */
  alarmEmail?: string;
  /** the bundled collector runs (ENABLE_COLLECTOR); without it there is no collector log group */
  bundledCollector: boolean;
  /** the certificate is in ACM (managed or byo-cert), so DaysToExpiry exists */
  certificateInAcm: boolean;
  thresholds: SpendThresholds;
}

/** Names the cagw stacks give their resources, for previews made without an AWS account. */
export function expectedResourceNames(input: Pick<ObservabilityInput, 'stackPrefix' | 'region' | 'bundledCollector' | 'certificateInAcm'>): ObservedResources {
  const p = input.stackPrefix;
  return {
    loadBalancerFullName: `app/${p}-gateway/0123456789abcdef`,
    targetGroupFullName: `targetgroup/${p}-gateway/0123456789abcdef`,
    clusterName: `${p}-cluster`,
    serviceName: `${p}-gateway`,
    gatewayLogGroupName: `/ecs/${p}-gateway`,
    dbInstanceIdentifier: `${p}-db`,
    ...(input.certificateInAcm
      ? { certificateArn: `arn:aws:acm:${input.region}:123456789012:certificate/00000000-0000-0000-0000-000000000000` }
      : {}),
    ...(input.bundledCollector
      ? {
          collectorLogGroupName: `/ecs/${p}-collector`,
          collectorLoadBalancerFullName: `app/${p}-collector/0123456789abcdef`,
          collectorTargetGroupFullName: `targetgroup/${p}-collector/0123456789abcdef`,
          collectorClusterName: `${p}-collector-cluster`,
          collectorServiceName: `${p}-collector`,
        }
      : {}),
    eventsLogGroupName: `/aws/${p}/events`,
    emfLogGroupName: `/aws/${p}/metrics`,
  };
}
