// A resource that exists only under a condition may only be referred to where that condition
// holds: from a resource or output with the same Condition, or inside the matching branch of
// an Fn::If. Otherwise CloudFormation fails the deploy ("Unresolved resource dependencies")
// in exactly the configuration nobody tried.
import { asRecord } from './template-values.ts';
import type { Finding } from './finding.ts';
import { collectReferences, intrinsicOf } from './intrinsics.ts';
import type { ParsedTemplate, TemplatePath } from './parse-template.ts';

export function checkConditionalReferences(template: ParsedTemplate): Finding[] {
  const findings: Finding[] = [];
  const body = template.body;
  const resources = asRecord(body.Resources);
  const conditions = asRecord(body.Conditions);
  const conditionOf = (id: string) => {
    const c = asRecord(resources[id]).Condition;
    return typeof c === 'string' ? c : undefined;
  };

  for (const section of ['Resources', 'Outputs'] as const) {
    for (const [id, entry] of Object.entries(asRecord(body[section]))) {
      const own = asRecord(entry).Condition;
      const uses = collectReferences(entry, [section, id]).flatMap((ref) => {
        if (ref.kind === 'getatt') return [{ target: ref.resource, path: ref.path }];
        if (ref.kind === 'ref' || ref.kind === 'sub') return [{ target: ref.name.split('.')[0]!, path: ref.path }];
        return [];
      });
      if (section === 'Resources') {
        const dependsOn = asRecord(entry).DependsOn;
        for (const target of typeof dependsOn === 'string' ? [dependsOn] : Array.isArray(dependsOn) ? dependsOn : []) {
          if (typeof target === 'string') uses.push({ target, path: [section, id, 'DependsOn'] });
        }
      }
      for (const { target, path } of uses) {
        const needed = conditionOf(target);
        if (!needed || target === id) continue;
        const facts = factsAlong(body, path, typeof own === 'string' ? own : undefined);
        if (holds(needed, facts, conditions)) continue;
        findings.push({
          file: template.file, line: template.lineOf(path), rule: 'REF_TO_CONDITIONAL_RESOURCE',
          message: `${section === 'Outputs' ? 'output' : 'resource'} ${id} refers to ${target}, which exists only when ${needed}`,
          fix: `give ${id} Condition: ${needed}, or wrap the reference in !If [${needed}, ..., ...]`,
        });
      }
    }
  }
  return findings;
}

/** The conditions known true ("X") or false ("!X") where the path points. */
function factsAlong(body: Record<string, unknown>, path: TemplatePath, own: string | undefined): Set<string> {
  const facts = new Set<string>(own ? conjuncts(own, asRecord(body.Conditions)) : []);
  let node: unknown = body;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const call = intrinsicOf(node);
    if (call?.fn === 'Fn::If' && key === 'Fn::If' && Array.isArray(call.arg) && typeof call.arg[0] === 'string') {
      const branch = path[i + 1];
      if (branch === 1) for (const c of conjuncts(call.arg[0], asRecord(body.Conditions))) facts.add(c);
      if (branch === 2) facts.add(`!${call.arg[0]}`);
    }
    node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  }
  return facts;
}

/** A condition and every condition it is the Fn::And of (IsX: !And [!Condition IsY, ...] implies IsY). */
function conjuncts(name: string, conditions: Record<string, unknown>, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const and = intrinsicOf(conditions[name]);
  if (and?.fn !== 'Fn::And' || !Array.isArray(and.arg)) return [name];
  return [name, ...and.arg.flatMap((term) => {
    const inner = intrinsicOf(term);
    return inner?.fn === 'Condition' && typeof inner.arg === 'string' ? conjuncts(inner.arg, conditions, seen) : [];
  })];
}

/** Whether `name` holds given the facts: directly, or as the negation of a false condition. */
function holds(name: string, facts: Set<string>, conditions: Record<string, unknown>): boolean {
  if (facts.has(name)) return true;
  // !And [...] holds when each term does: a !Condition that holds, or a !Not [!Condition X] with X false
  const and = intrinsicOf(conditions[name]);
  if (and?.fn === 'Fn::And' && Array.isArray(and.arg)) {
    return and.arg.every((term) => {
      const inner = intrinsicOf(term);
      if (inner?.fn === 'Condition' && typeof inner.arg === 'string') return inner.arg !== name && holds(inner.arg, facts, conditions);
      const negated = inner?.fn === 'Fn::Not' && Array.isArray(inner.arg) ? intrinsicOf(inner.arg[0]) : undefined;
      return negated?.fn === 'Condition' && typeof negated.arg === 'string' && facts.has(`!${negated.arg}`);
    });
  }
  const not = intrinsicOf(conditions[name]);
  if (not?.fn === 'Fn::Not' && Array.isArray(not.arg)) {
    const inner = intrinsicOf(not.arg[0]);
    if (inner?.fn === 'Condition' && typeof inner.arg === 'string') return facts.has(`!${inner.arg}`);
  }
  return false;
}
