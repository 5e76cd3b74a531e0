// @cagw/strict-cloudformation: a strict, stateful fake of the CloudFormation API and the
// template evaluator under it. The vitest set-up (wide matcher, reset, fake timers) is the
// "./vitest" entry, so importing this one needs no test runner.
export { FakeCloudFormation, TEMPLATE_BODY_LIMIT, TEMPLATE_URL_LIMIT, awsError } from './fake-cloudformation.ts';
export type { FakeCloudFormationOptions } from './fake-cloudformation.ts';
export { modelTemplate, resolveValue } from './template-model.ts';
export type { ModelResource, TemplateModel, ValueLookup } from './template-model.ts';
export { resolvedResource, templateResolver } from './resolve-intrinsics.ts';
export type { ResolveContext } from './resolve-intrinsics.ts';
