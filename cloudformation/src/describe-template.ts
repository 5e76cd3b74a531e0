// What the deployer needs to know about a stack's template without reading YAML: its
// parameters (which are required, their defaults) and its outputs (which are conditional).
import { asRecord } from './template-values.ts';
import { constraintsOf, type ParameterConstraints } from './parameter-constraints.ts';
import { parseTemplate } from './parse-template.ts';
import { loadTemplate, type StackName } from './stacks.ts';

export interface TemplateParameter {
  name: string;
  type: string;
  description: string;
  /** absent when the deployer must pass a value */
  default?: string;
  noEcho: boolean;
  constraints: ParameterConstraints;
}

export interface TemplateOutput {
  name: string;
  description: string;
  /** the condition under which the output exists; absent when always */
  condition?: string;
}

export interface TemplateDescription {
  stack: StackName;
  description: string;
  /** the template body as CloudFormation receives it */
  body: string;
  bytes: number;
  parameters: TemplateParameter[];
  outputs: TemplateOutput[];
}

export async function describeTemplate(stack: StackName): Promise<TemplateDescription> {
  const file = await loadTemplate(stack);
  const parsed = parseTemplate(file.body, file.path);
  const parameters = Object.entries(asRecord(parsed.body.Parameters)).map(([name, raw]): TemplateParameter => {
    const p = asRecord(raw);
    return {
      name,
      type: String(p.Type),
      description: String(p.Description ?? ''),
      ...(p.Default !== undefined ? { default: String(p.Default) } : {}),
      noEcho: p.NoEcho === true || p.NoEcho === 'true',
      constraints: constraintsOf(p),
    };
  });
  const outputs = Object.entries(asRecord(parsed.body.Outputs)).map(([name, raw]): TemplateOutput => {
    const o = asRecord(raw);
    return { name, description: String(o.Description ?? ''), ...(typeof o.Condition === 'string' ? { condition: o.Condition } : {}) };
  });
  return { stack, description: String(parsed.body.Description ?? ''), body: file.body, bytes: parsed.bytes, parameters, outputs };
}
