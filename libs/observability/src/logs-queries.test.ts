import { describe, expect, test } from 'vitest';
import { checkLogsInsightsQuery, splitCommands } from './check-logs-insights-query.ts';
import { availableQueries, SAVED_QUERIES, teamSpendQuery, WIDGET_QUERIES } from './logs-queries.ts';

const all = [...Object.values(WIDGET_QUERIES), ...SAVED_QUERIES, teamSpendQuery('platform'), teamSpendQuery('a.b+c')];

describe('every shipped query passes the grammar check', () => {
  test.each(all.map((query) => [query.id, query.query] as const))('%s', (_id, query) => {
    expect(checkLogsInsightsQuery(query)).toEqual([]);
  });
});

describe('the grammar check catches typos', () => {
  test.each([
    ['an unknown command', 'filter evt = "x" | stat count(*)', '"stat" is not a Logs Insights command'],
    ['an unclosed quote', 'filter evt = "inference | stats count(*)', 'unclosed " quote'],
    ['a stray pipe', 'filter evt = "x" || stats count(*) by evt', 'empty'],
    ['a trailing pipe', 'filter evt = "x" |', 'empty'],
    ['unbalanced parentheses', 'stats count(* by evt', 'unclosed "("'],
    ['a closing bracket without an opening one', 'filter evt in "a"]', 'unbalanced "]"'],
    ['a limit that is not a number', 'fields evt | limit ten', 'limit takes a whole number'],
    ['sort with a bad direction', 'fields evt | sort evt downward', 'sort takes fields'],
    ['stats without an aggregation', 'stats evt by model', 'needs an aggregation'],
    ['a command without arguments', 'filter', 'needs arguments'],
    ['an unclosed regex', 'filter @message like /abc | limit 5', 'unclosed /regex/'],
  ])('%s', (_what, query, message) => {
    expect(checkLogsInsightsQuery(query).join('\n')).toContain(message);
  });

  test('a pipe inside a string or a regex does not split the command', () => {
    expect(splitCommands('filter msg = "a|b" | filter @message like /x|y/ | limit 5').commands).toEqual([
      'filter msg = "a|b"',
      'filter @message like /x|y/',
      'limit 5',
    ]);
  });
});

test('queries over client events are offered only with FORWARD_LOGS', () => {
  const sources = (forwardLogs: boolean) => new Set(availableQueries(SAVED_QUERIES, forwardLogs).map((query) => query.source));
  expect(sources(false)).toEqual(new Set(['gateway']));
  expect(sources(true)).toEqual(new Set(['gateway', 'events']));
});

test('a team query escapes regex characters in the group name', () => {
  expect(teamSpendQuery('a.b+c').query).toContain('a\\.b\\+c');
});
