// The rows of `cagw profile --explain`: every variable, straight from the catalog.
import { variableCatalog, variableNames, type VariableGroup, type VariableSpec } from './variable-catalog.ts';

export interface VariableExplanation {
  name: string;
  group: VariableGroup;
  type: string;
  default: string;
  description: string;
}

export function explainVariables(): VariableExplanation[] {
  return variableNames.map((name) => {
    const spec: VariableSpec = variableCatalog[name];
    const dflt = typeof spec.default === 'string' ? spec.default : (spec.defaultText ?? '');
    return { name, group: spec.group, type: spec.type.label, default: dflt, description: spec.description };
  });
}
