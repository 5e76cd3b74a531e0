// Template Rules, evaluated as CloudFormation does when it makes a change set ("Rules",
// CloudFormation User Guide, and "Rule functions"): for each rule whose RuleCondition holds
// (a rule without one always applies), every Assert must hold; the first that does not refuses
// the request with a ValidationError whose message is that assertion's AssertDescription.
// Rule functions: Fn::And, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::Equals,
// Fn::Not, Fn::Or, and Ref of a parameter (a List<...> or CommaDelimitedList one is its list)
// or of a pseudo parameter (AWS::Region, ...).
// Fn::ValueOf, Fn::ValueOfAll and Fn::RefAll read the account, which this evaluator cannot:
// a template that uses them is refused here with a message saying so, never passed unchecked.

type Rec = Record<string, unknown>;
const record = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});

export interface ParameterDeclaration {
  type: string;
}

/** The AssertDescription of the first failed assertion (or a generic text when it has none), undefined when every applicable rule holds. */
export function failedRuleAssertion(
  rules: unknown, declarations: Record<string, ParameterDeclaration>, values: Record<string, string>, pseudo: Record<string, string> = {},
): string | undefined {
  const value = (name: string): unknown => {
    if (name in pseudo) return pseudo[name];
    const declared = declarations[name];
    if (!declared) throw new Error(`Template format error: Unresolved dependencies [${name}] in the Rules block of the template`);
    const v = values[name] ?? '';
    return /^List<|^CommaDelimitedList$/.test(declared.type) ? (v === '' ? [] : v.split(',').map((s) => s.trim())) : v;
  };
  const evaluate = (x: unknown): unknown => {
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return String(x);
    if (Array.isArray(x)) return x.map(evaluate);
    const e = record(x);
    const [fn] = Object.keys(e);
    const args = e[fn as string];
    switch (fn) {
      case 'Ref': return value(String(args));
      case 'Fn::Equals': { const [a, b] = (args as unknown[]).map(evaluate); return JSON.stringify(a) === JSON.stringify(b); }
      case 'Fn::Not': return !truth(evaluate((args as unknown[])[0]));
      case 'Fn::And': return (args as unknown[]).every((c) => truth(evaluate(c)));
      case 'Fn::Or': return (args as unknown[]).some((c) => truth(evaluate(c)));
      case 'Fn::Contains': { const [list, item] = (args as unknown[]).map(evaluate); return asList(list).includes(String(item)); }
      case 'Fn::EachMemberEquals': { const [list, item] = (args as unknown[]).map(evaluate); return asList(list).every((m) => m === String(item)); }
      case 'Fn::EachMemberIn': { const [list, allowed] = (args as unknown[]).map(evaluate); return asList(list).every((m) => asList(allowed).includes(m)); }
      default: throw new Error(`rule function ${fn} is not modelled by the strict fake (it reads the account); test this template against CloudFormation`);
    }
  };
  for (const [, rule] of Object.entries(record(rules))) {
    const r = record(rule);
    if (r.RuleCondition !== undefined && !truth(evaluate(r.RuleCondition))) continue;
    for (const assertion of Array.isArray(r.Assertions) ? r.Assertions : []) {
      const a = record(assertion);
      if (!truth(evaluate(a.Assert))) return typeof a.AssertDescription === 'string' ? a.AssertDescription : 'Template validation error: a rule assertion failed';
    }
  }
  return undefined;
}

const truth = (v: unknown): boolean => v === true || v === 'true';
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);
