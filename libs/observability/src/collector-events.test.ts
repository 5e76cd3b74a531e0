// The events pipeline forwards what the queries read and nothing sensitive, unless the profile
// opts in; every pipeline is memory-limited and lowercases user.email. Run over the recorded
// export of a real Claude Code turn (testing/fixtures).
import { describe, expect, test } from 'vitest';
import { renderCollectorConfig, type CollectorConfigInput } from './collector-config.ts';
import { SAVED_QUERIES, teamSpendQuery, WIDGET_QUERIES } from './logs-queries.ts';
import { recordedLogRecords } from './testing/recorded-otlp.ts';

const base: CollectorConfigInput = {
  stackPrefix: 'acme-gw', region: 'eu-west-1', collectorMode: 'emf', forwardLogs: true,
  eventsLogGroupName: '/aws/acme-gw/events', emfLogGroupName: '/aws/acme-gw/metrics',
};
type Config = { processors: Record<string, Record<string, unknown>>; service: { pipelines: Record<string, { processors: string[] }> } };
const configOf = (input: Partial<CollectorConfigInput> = {}) => renderCollectorConfig({ ...base, ...input }) as unknown as Config;

// The slice of the collector's behaviour these processors use, read from the config text.
function forwarded(config: Config) {
  const logs = config.service.pipelines.logs!.processors;
  const filter = logs.includes('filter/events') ? (config.processors['filter/events'] as { logs: { log_record: string[] } }).logs.log_record : [];
  const transform = logs.includes('transform/events')
    ? (config.processors['transform/events'] as { log_statements: { statements: string[] }[] }).log_statements.flatMap((s) => s.statements)
    : [];
  // `not (body == "a" or body == "b")` drops everything but a and b
  const keptEvents = filter.map((condition) => {
    expect(condition).toMatch(/^not \((body == "[\w.]+"( or )?)+\)$/);
    return [...condition.matchAll(/body == "([\w.]+)"/g)].map((m) => m[1]!);
  });
  const keepKeys = transform.map((statement) => {
    expect(statement).toMatch(/^keep_keys\(attributes, \[("[\w.]+"(, )?)+\]\)$/);
    return [...statement.matchAll(/"([\w.]+)"/g)].map((m) => m[1]!);
  });
  return recordedLogRecords()
    .filter((record) => keptEvents.every((names) => names.includes(record.body)))
    .map((record) => ({
      body: record.body,
      attributes: Object.fromEntries(Object.entries(record.attributes).filter(([key]) => keepKeys.every((keys) => keys.includes(key)))),
    }));
}

const SENSITIVE = ['prompt', 'prompt_text', 'response', 'tool_parameters', 'tool_input', 'full_command', 'file_path', 'api_request_body', 'body'];
const eventQueries = [...Object.values(WIDGET_QUERIES), ...SAVED_QUERIES, teamSpendQuery('platform')].filter((q) => q.source === 'events');

describe('by default', () => {
  const out = forwarded(configOf());

  test('only the events a query reads are forwarded: prompts and responses stay behind', () => {
    const recorded = new Set(recordedLogRecords().map((r) => r.body));
    expect(recorded).toContain('claude_code.user_prompt');
    expect(out.map((r) => r.body)).toEqual(['claude_code.api_request']);
    const read = new Set(eventQueries.flatMap((q) => [...q.query.matchAll(/body = "([\w.]+)"/g)].map((m) => m[1]!)));
    expect([...read].sort()).toEqual(['claude_code.api_request', 'claude_code.tool_decision']);
  });

  test('the forwarded event keeps every attribute the queries read, and nothing sensitive', () => {
    const apiRequest = out[0]!.attributes;
    const read = eventQueries.flatMap((q) => [...q.query.matchAll(/attributes\.([\w.]+)/g)].map((m) => m[1]!));
    const recordedKeys = Object.keys(recordedLogRecords().find((r) => r.body === 'claude_code.api_request')!.attributes);
    for (const key of read.filter((k) => recordedKeys.includes(k))) expect(apiRequest, key).toHaveProperty([key]);
    for (const record of out) for (const key of SENSITIVE) expect(record.attributes, key).not.toHaveProperty([key]);
    // a key the client invented is not forwarded either
    expect(apiRequest).not.toHaveProperty(['department']);
  });
});

test('FORWARD_LOG_DETAILS=true forwards every event with every attribute', () => {
  const out = forwarded(configOf({ forwardLogDetails: true }));
  expect(out).toEqual(recordedLogRecords());
});

describe('every pipeline', () => {
  test.each(['native', 'emf'] as const)('%s: memory_limiter first, user.email lowercased before the batch', (collectorMode) => {
    for (const forwardLogDetails of [false, true]) {
      const config = configOf({ collectorMode, forwardLogDetails });
      const pipelines = Object.values(config.service.pipelines);
      expect(pipelines).toHaveLength(2);
      for (const { processors } of pipelines) {
        expect(processors[0]).toBe('memory_limiter');
        expect(processors.indexOf('transform/identity')).toBeLessThan(processors.findIndex((p) => p.startsWith('batch/')));
      }
      expect(config.processors.memory_limiter).toMatchObject({ check_interval: expect.any(String), limit_percentage: expect.any(Number) });
      const identity = JSON.stringify(config.processors['transform/identity']);
      for (const context of ['datapoint', 'log', 'resource']) expect(identity).toContain(`"context":"${context}"`);
      expect(identity).toContain('ConvertCase(attributes[\\"user.email\\"], \\"lower\\")');
    }
  });
});
