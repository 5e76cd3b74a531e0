// Turns a node's parameter sources into values, once the nodes they read from have outputs.
import { CagwError } from '@cagw/errors';
import type { NodeId, ParameterSource } from './stack-plan.ts';

export type KnownOutputs = ReadonlyMap<NodeId, Readonly<Record<string, string>>>;

/** Whether an upstream node's own pending change will produce this output (it has none yet). */
export type WillProduce = (node: NodeId, output: string) => boolean;

/**
 * Every value, or undefined while some upstream node has no outputs yet, or lacks an output
 * that its own pending update will add (a conditional output switched on by this profile).
 */
export function resolveParameters(
  owner: string, sources: Record<string, ParameterSource>, outputs: KnownOutputs, willProduce: WillProduce = () => false,
): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (const [name, source] of Object.entries(sources)) {
    if (source.kind === 'value') {
      values[name] = source.value;
      continue;
    }
    const upstream = outputs.get(source.node);
    if (!upstream) return undefined;
    const v = upstream[source.output];
    if (v === undefined) {
      if (willProduce(source.node, source.output)) return undefined;
      throw new CagwError('StackOutputMissing', `${owner} needs ${source.node}.${source.output}, which the ${source.node} stack does not output`, {
        source: 'internal', where: `${owner} parameter ${name}`, fix: `add the output ${source.output} to the ${source.node} template, or re-deploy ${source.node}`,
      });
    }
    values[name] = v;
  }
  return values;
}

/** How a parameter is shown in a plan: the value (or its size and hash), or `<stack>.<Output>`. */
export function showParameter(source: ParameterSource, stackNames: Readonly<Record<string, string>>): string {
  if (source.kind === 'value') return source.shown ?? source.value;
  return `${stackNames[source.node] ?? source.node}.${source.output}`;
}
