// A test oracle for the slice of CloudWatch metric math our alarms use: numbers, metric ids,
// + - * /, comparisons, AND/OR, IF(c, a, b) and FILL(x, v), evaluated for one period.
// A missing datapoint is undefined; arithmetic on it stays undefined, as in CloudWatch.

type Value = number | undefined;

export function evaluateMetricMath(expression: string, values: Record<string, Value>): Value {
  const tokens = expression.match(/\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|>=|<=|==|!=|[-+*/(),<>]/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const t = tokens[i++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`expected ${expected ?? 'a token'} at ${i} in ${expression}`);
    return t;
  };
  const num = (f: (a: number, b: number) => number) => (a: Value, b: Value): Value => (a === undefined || b === undefined ? undefined : f(a, b));
  const ops: Record<string, (a: Value, b: Value) => Value> = {
    OR: num((a, b) => (a !== 0 || b !== 0 ? 1 : 0)),
    AND: num((a, b) => (a !== 0 && b !== 0 ? 1 : 0)),
    '==': num((a, b) => (a === b ? 1 : 0)), '!=': num((a, b) => (a !== b ? 1 : 0)),
    '>=': num((a, b) => (a >= b ? 1 : 0)), '<=': num((a, b) => (a <= b ? 1 : 0)),
    '>': num((a, b) => (a > b ? 1 : 0)), '<': num((a, b) => (a < b ? 1 : 0)),
    '+': num((a, b) => a + b), '-': num((a, b) => a - b), '*': num((a, b) => a * b), '/': num((a, b) => a / b),
  };
  const levels = [['OR'], ['AND'], ['==', '!=', '>=', '<=', '>', '<'], ['+', '-'], ['*', '/']];

  function binary(level: number): Value {
    if (level === levels.length) return primary();
    let left = binary(level + 1);
    while (levels[level]!.includes(peek() ?? '')) {
      const op = take();
      left = ops[op]!(left, binary(level + 1));
    }
    return left;
  }
  function primary(): Value {
    const t = take();
    if (t === '(') {
      const v = binary(0);
      take(')');
      return v;
    }
    if (/^\d/.test(t)) return Number(t);
    if (t === 'IF' || t === 'FILL') {
      take('(');
      const args = [binary(0)];
      while (peek() === ',') {
        take(',');
        args.push(binary(0));
      }
      take(')');
      if (t === 'FILL') return args[0] ?? args[1];
      const [cond, then, otherwise = 0] = args;
      return cond === undefined ? undefined : cond !== 0 ? then : otherwise;
    }
    if (!(t in values)) throw new Error(`unknown metric id ${t} in ${expression}`);
    return values[t];
  }

  const result = binary(0);
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]} in ${expression}`);
  return result;
}
