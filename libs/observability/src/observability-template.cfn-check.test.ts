// The generated observability template goes through the same checker as the hand-written
// templates: CloudFormation resource specification, anatomy and security baseline.
import { checkTemplateText, formatFinding } from '@cagw/cloudformation';
import { describe, expect, test } from 'vitest';
import { renderObservabilityTemplate, renderObservabilityTemplateYaml } from './observability-template.ts';
import { sampleInput } from './testing/sample-input.ts';
import { stringify } from 'yaml';

describe('the cagw template checker accepts the observability template', () => {
  test.each([
    ['native', sampleInput('native')],
    ['emf', sampleInput('emf')],
    ['native without collector, self-signed', sampleInput('native', { bundledCollector: false, certificateInAcm: false, alarmEmail: undefined })],
  ] as const)('%s', async (_name, input) => {
    const findings = await checkTemplateText(renderObservabilityTemplateYaml(input), 'observability.yaml');
    expect(findings.map(formatFinding)).toEqual([]);
  });

  test('and would reject an alarm property CloudFormation does not have', async () => {
    const template = renderObservabilityTemplate(sampleInput('native')) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    template.Resources.AlarmDailyCost!.Properties.PromQLQuery = 'x';
    const findings = await checkTemplateText(stringify(template), 'observability.yaml');
    expect(findings.map((f) => f.message).join('\n')).toContain('PromQLQuery');
  });
});
