// @cagw/strict-cloudformation: a strict, stateful fake of the CloudFormation API and the
// template evaluator under it. The vitest set-up (wide matcher, reset, fake timers) is the
// "./vitest" entry, so importing this one needs no test runner.
export { FakeCloudFormation, TEMPLATE_BODY_LIMIT, TEMPLATE_URL_LIMIT, awsError } from './fake-cloudformation.ts';
export type { FakeCloudFormationOptions } from './fake-cloudformation.ts';
export { modelTemplate, resolveValue } from './template-model.ts';
export type { ModelResource, TemplateModel, ValueLookup } from './template-model.ts';
export { resolvedResource, templateResolver } from './resolve-intrinsics.ts';
export type { ResolveContext } from './resolve-intrinsics.ts';
export { propertyRecreations, replacementOf, sameValue } from './replacement-policy.ts';
export type { PropertyRecreation, Replacement, RequiresRecreation } from './replacement-policy.ts';
export { customNameOf, customNameProperties } from './custom-name.ts';
export type { CustomName } from './custom-name.ts';
export { failedRuleAssertion } from './template-rules.ts';
export { createRefusal } from './service-create-rules.ts';
export type { ExistingResource } from './service-create-rules.ts';
export { resolveProperties } from './template-model.ts';
// moto's server for contract tests of this fake and of other fakes of AWS (not started on import)
export { MOTO_INSTALL, startMoto } from './contract/moto-server.ts';
export type { MotoServer } from './contract/moto-server.ts';
