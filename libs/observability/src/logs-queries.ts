// Every Logs Insights query cagw ships: the ones behind dashboard widgets and the saved
// queries for ad-hoc forensics. Each names its source by role, never by a literal log
// group name (the original hard-coded the gateway's).
import type { ObservedResources } from './observability-input.ts';

/** Which log group a query reads. */
export type LogSource = 'events' | 'gateway';

export const LOG_SOURCE_GROUP = {
  /** client events (body = claude_code.<event>), written by the collector with FORWARD_LOGS */
  events: 'eventsLogGroupName',
  /** the gateway's stderr: audit events keyed by `evt`, and operational lines */
  gateway: 'gatewayLogGroupName',
} as const satisfies Record<LogSource, keyof ObservedResources>;

export interface LogsQuery {
  id: string;
  title: string;
  source: LogSource;
  query: string;
}

const apiRequests = 'filter body = "claude_code.api_request"';
const toolDecisions = 'filter body = "claude_code.tool_decision"';
const AUTH_EVENTS = ['device.authorize', 'device.verify', 'device.callback', 'session.mint', 'session.refresh', 'auth.denied'];

const q = (...commands: string[]) => commands.join('\n| ');

/** Queries behind dashboard widgets. */
export const WIDGET_QUERIES = {
  costByUser: {
    id: 'cost-by-user', title: 'Spend by user (USD, selected range)', source: 'events',
    query: q(apiRequests, 'stats sum(attributes.cost_usd) as cost_usd by attributes.user.email', 'sort cost_usd desc', 'limit 25'),
  },
  costByModel: {
    id: 'cost-by-model', title: 'Spend by model (USD, selected range)', source: 'events',
    query: q(apiRequests, 'stats sum(attributes.cost_usd) as cost_usd by attributes.model', 'sort cost_usd desc', 'limit 20'),
  },
  tokensByModel: {
    id: 'tokens-by-model', title: 'Tokens by model (selected range)', source: 'events',
    query: q(
      apiRequests,
      'stats sum(attributes.input_tokens) as input, sum(attributes.output_tokens) as output, sum(attributes.cache_read_tokens) as cache_read, sum(attributes.cache_creation_tokens) as cache_write by attributes.model',
      'sort output desc',
      'limit 20',
    ),
  },
  costByGroups: {
    id: 'cost-by-groups', title: 'Spend by group list (user.groups as sent)', source: 'events',
    query: q(apiRequests, 'stats sum(attributes.cost_usd) as cost_usd, sum(attributes.input_tokens) as input, sum(attributes.output_tokens) as output by attributes.user.groups', 'sort cost_usd desc', 'limit 50'),
  },
  costOverTimeByModel: {
    id: 'cost-over-time', title: 'Spend per hour by model (USD)', source: 'events',
    query: q(apiRequests, 'stats sum(attributes.cost_usd) as cost_usd by bin(1h), attributes.model'),
  },
  toolDecisionsByTool: {
    id: 'tool-decisions-by-tool', title: 'Tool decisions by tool (accept / reject / ask)', source: 'events',
    query: q(toolDecisions, 'stats count(*) as decisions by attributes.tool_name, attributes.decision', 'sort decisions desc', 'limit 50'),
  },
  toolDecisionsBySource: {
    id: 'tool-decisions-by-source', title: 'Tool decisions by source (config, hook, user)', source: 'events',
    query: q(toolDecisions, 'stats count(*) as decisions by attributes.source, attributes.decision', 'sort decisions desc', 'limit 50'),
  },
  topUsersByRejections: {
    id: 'top-users-by-rejections', title: 'Top users by tool rejections', source: 'events',
    query: q(`${toolDecisions} and attributes.decision = "reject"`, 'stats count(*) as rejections by attributes.user.email', 'sort rejections desc', 'limit 20'),
  },
  authEventsByOutcome: {
    id: 'auth-events', title: 'Sign-in events by outcome (gateway audit log)', source: 'gateway',
    query: q(`filter evt in ${JSON.stringify(AUTH_EVENTS)}`, 'stats count(*) as events by evt, result', 'sort events desc'),
  },
  recentUpstreamErrors: {
    id: 'recent-upstream-errors', title: 'Recent upstream errors (status 400+)', source: 'gateway',
    query: q('filter evt = "inference" and status >= 400', 'fields @timestamp, email, model, status, request_id, ms', 'sort @timestamp desc', 'limit 50'),
  },
  taskStarts: {
    id: 'task-starts', title: 'Gateway task starts (a restart shows as an extra start)', source: 'gateway',
    query: q('filter @message like /claude gateway listening/', 'stats count(*) as starts by bin(5m)'),
  },
} as const satisfies Record<string, LogsQuery>;

/** Per-team spend for a configured team: users whose comma-separated user.groups contain it. */
export function teamSpendQuery(group: string): LogsQuery {
  const escaped = group.replace(/[\\^$.|?*+()[\]{}/]/g, '\\$&');
  return {
    id: `team-spend-${group}`, title: `Team ${group}: spend by user (USD)`, source: 'events',
    query: q(`${apiRequests} and attributes.user.groups like /(^|,)\\s*${escaped}\\s*(,|$)/`, 'stats sum(attributes.cost_usd) as cost_usd by attributes.user.email', 'sort cost_usd desc', 'limit 25'),
  };
}

/** Saved queries (AWS::Logs::QueryDefinition) for forensics, in the console's query list. */
export const SAVED_QUERIES: readonly LogsQuery[] = [
  {
    id: 'spend-by-user', title: 'Spend by user for the selected range', source: 'events',
    query: q(apiRequests, 'stats sum(attributes.cost_usd) as cost_usd, count(*) as requests by attributes.user.email', 'sort cost_usd desc'),
  },
  {
    // Two stats passes: hourly spend per user, then each user's peak against their own median.
    id: 'spend-spikes', title: "Spend spikes: a user's peak hour against their own median hour", source: 'events',
    query: q(
      apiRequests,
      'fields attributes.user.email as user, attributes.cost_usd as cost',
      'stats sum(cost) as hourly by user, bin(1h) as hour',
      'stats pct(hourly, 50) as median_hourly, max(hourly) as peak_hourly, count(*) as active_hours by user',
      'filter active_hours >= 3',
      'fields user, peak_hourly, median_hourly, peak_hourly / median_hourly as spike_ratio',
      'sort spike_ratio desc',
      'limit 20',
    ),
  },
  {
    id: 'denied-sign-ins', title: 'Denied sign-ins', source: 'gateway',
    query: q('filter evt = "auth.denied"', 'fields @timestamp, email, client_ip, result, request_id', 'sort @timestamp desc', 'limit 200'),
  },
  {
    id: 'blocked-spend', title: 'Requests blocked by a spend cap, by user', source: 'gateway',
    query: q('filter evt = "spend.blocked"', 'stats count(*) as blocked, latest(@timestamp) as last_blocked by email', 'sort blocked desc'),
  },
  {
    id: 'upstream-errors-by-model', title: 'Upstream errors by model and status', source: 'gateway',
    query: q('filter evt = "inference" and status >= 400', 'stats count(*) as errors by model, status', 'sort errors desc'),
  },
];

/** Queries that can run: event queries need FORWARD_LOGS. */
export function availableQueries<T extends LogsQuery>(queries: readonly T[], forwardLogs: boolean): T[] {
  return queries.filter((query) => forwardLogs || query.source !== 'events');
}
