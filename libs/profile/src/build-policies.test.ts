import { describe, expect, test } from 'vitest';
import { buildPolicies } from './build-policies.ts';

const none = { denyToolGroup: undefined, denyTools: [], enforceModels: [], filePolicies: [] };

describe('buildPolicies', () => {
  test('with nothing declared there is exactly one policy: the catch-all', () => {
    expect(buildPolicies(none)).toEqual({ policies: [{ name: 'everyone-else', groups: [] }], problems: [] });
  });

  test('the legacy variables give a deny policy first and ENFORCE_MODELS on the catch-all', () => {
    const { policies } = buildPolicies({ ...none, denyToolGroup: 'contractors', denyTools: ['Bash'], enforceModels: ['sonnet'] });
    expect(policies).toEqual([
      { name: 'contractors-deny-tools', groups: ['contractors'], denyTools: ['Bash'] },
      { name: 'everyone-else', groups: [], models: ['sonnet'], modelsFrom: 'ENFORCE_MODELS' },
    ]);
  });

  test("the file's catch-all stays last, after the legacy policy", () => {
    const filePolicies = [{ name: 'all', groups: [] }, { name: 'eng', groups: ['eng'], models: ['opus'] }];
    const { policies } = buildPolicies({ ...none, denyToolGroup: 'contractors', filePolicies });
    expect(policies.map((p) => p.name)).toEqual(['contractors-deny-tools', 'eng', 'all']);
  });

  test('a DENY_TOOL_GROUP that a file policy also matches is reported (it would shadow it)', () => {
    const { problems } = buildPolicies({ ...none, denyToolGroup: 'eng', filePolicies: [{ name: 'eng', groups: ['eng'] }] });
    expect(problems).toMatchObject([{ variable: 'DENY_TOOL_GROUP' }]);
  });

  test('ENFORCE_MODELS and a catch-all with models are reported as a conflict', () => {
    const { problems } = buildPolicies({ ...none, enforceModels: ['haiku'], filePolicies: [{ name: 'all', groups: [], models: ['sonnet'] }] });
    expect(problems).toMatchObject([{ variable: 'ENFORCE_MODELS' }]);
  });
});
