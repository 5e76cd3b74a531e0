// A small grammar check of CloudWatch Logs Insights queries, so a typo fails a unit test
// instead of showing an error in the console: commands separated by `|` (outside quotes
// and regexes), each a known command with the arguments it needs, balanced quotes,
// brackets and parentheses.

/** Commands of the Logs Insights query language (CWLI). */
export const LOGS_INSIGHTS_COMMANDS = [
  'fields', 'filter', 'stats', 'sort', 'limit', 'parse', 'display', 'dedup', 'unmask',
  'unnest', 'pattern', 'diff', 'anomaly', 'filterIndex', 'source', 'lookup',
] as const;

/** Splits on top-level `|`, tracking quotes, backticks and /regex/ literals. Returns problems too. */
export function splitCommands(query: string): { commands: string[]; problems: string[] } {
  const commands: string[] = [];
  const problems: string[] = [];
  let current = '';
  let quote: string | undefined;
  let regex = false;
  const depth: string[] = [];
  const closing: Record<string, string> = { ')': '(', ']': '[' };
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (quote) {
      if (c === '\\') {
        current += c + (query[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === quote) quote = undefined;
    } else if (regex) {
      if (c === '\\') {
        current += c + (query[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === '/') regex = false;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (c === '/' && /(like|=~|not like)\s*$/i.test(current)) {
      regex = true;
    } else if (c === '(' || c === '[') {
      depth.push(c);
    } else if (c === ')' || c === ']') {
      if (depth.pop() !== closing[c]) problems.push(`unbalanced "${c}" at character ${i + 1}`);
    } else if (c === '|' && depth.length === 0) {
      commands.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (quote) problems.push(`unclosed ${quote} quote`);
  if (regex) problems.push('unclosed /regex/');
  if (depth.length > 0) problems.push(`unclosed "${depth.join('')}"`);
  commands.push(current.trim());
  return { commands, problems };
}

/** Problems with a query; empty when it passes the grammar check. */
export function checkLogsInsightsQuery(query: string): string[] {
  const { commands, problems } = splitCommands(query);
  commands.forEach((command, index) => {
    const where = `command ${index + 1}`;
    if (command === '') {
      problems.push(`${where} is empty (a stray "|")`);
      return;
    }
    const [keyword = '', ...rest] = command.split(/\s+/);
    const args = rest.join(' ');
    if (!(LOGS_INSIGHTS_COMMANDS as readonly string[]).includes(keyword)) {
      problems.push(`${where}: "${keyword}" is not a Logs Insights command (known: ${LOGS_INSIGHTS_COMMANDS.join(', ')})`);
      return;
    }
    if (args === '' && keyword !== 'pattern' && keyword !== 'diff' && keyword !== 'anomaly') {
      problems.push(`${where}: ${keyword} needs arguments`);
    }
    if (keyword === 'limit' && !/^\d+$/.test(args)) problems.push(`${where}: limit takes a whole number, not "${args}"`);
    if (keyword === 'sort' && !/^[\w.@`-]+(\s+(asc|desc))?(\s*,\s*[\w.@`-]+(\s+(asc|desc))?)*$/.test(args)) {
      problems.push(`${where}: sort takes fields with optional asc/desc, not "${args}"`);
    }
    if (keyword === 'stats' && !/\w+\s*\(/.test(args)) problems.push(`${where}: stats needs an aggregation such as count(*) or sum(field)`);
  });
  return problems;
}
