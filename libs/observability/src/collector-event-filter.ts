// What the collector forwards of the client events (FORWARD_LOGS): by default only the events
// the shipped Logs Insights queries read, with only the attributes they read plus identity and
// ids. Claude Code's other events carry prompts, tool inputs, bash commands and file paths
// (user_prompt, tool_result, api_request_body, ...) when a policy turns detailed logging on;
// FORWARD_LOG_DETAILS=true forwards everything, for a team that wants it for forensics.
import { SAVED_QUERIES, teamSpendQuery, WIDGET_QUERIES, type LogsQuery } from './logs-queries.ts';

const eventQueries = (): LogsQuery[] =>
  [...Object.values(WIDGET_QUERIES), ...SAVED_QUERIES, teamSpendQuery('any')].filter((q) => q.source === 'events');

/** Event names (log record bodies) some shipped query filters on. */
export function eventsTheQueriesUse(): string[] {
  const names = eventQueries().flatMap((q) => [...q.query.matchAll(/body = "([\w.]+)"/g)].map((m) => m[1]!));
  return [...new Set(names)].sort();
}

/** Who and which request an event belongs to: kept on every forwarded event. */
const CONTEXT_ATTRIBUTES = ['user.email', 'user.groups', 'user.id', 'session.id', 'prompt.id', 'request_id', 'event.name', 'event.timestamp', 'event.sequence'];

/** Attributes kept on forwarded events: what the queries read, and the context above. */
export function attributesTheQueriesUse(): string[] {
  const read = eventQueries().flatMap((q) => [...q.query.matchAll(/attributes\.([\w.]+)/g)].map((m) => m[1]!));
  return [...new Set([...CONTEXT_ATTRIBUTES, ...read])].sort();
}

const ottlString = (s: string) => JSON.stringify(s);

/** Collector processors for the events pipeline (filter + transform), by FORWARD_LOG_DETAILS. */
export function eventProcessors(forwardLogDetails: boolean): Record<string, unknown> {
  if (forwardLogDetails) return {};
  const kept = eventsTheQueriesUse().map((name) => `body == ${ottlString(name)}`).join(' or ');
  return {
    // drops every record for which a condition is true
    'filter/events': { error_mode: 'ignore', logs: { log_record: [`not (${kept})`] } },
    'transform/events': {
      error_mode: 'ignore',
      log_statements: [{ context: 'log', statements: [`keep_keys(attributes, [${attributesTheQueriesUse().map(ottlString).join(', ')}])`] }],
    },
  };
}
