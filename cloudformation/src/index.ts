// @cagw/cloudformation: the templates of every cagw stack, where to find them, and their checker.
export { STACK_NAMES, TEMPLATES_DIR, isStackName, listTemplateFiles, loadTemplate, templatePath } from './stacks.ts';
export type { StackName, TemplateFile } from './stacks.ts';
export { checkParsedTemplate, checkTemplateFile, checkTemplateText } from './check-template.ts';
export { parseTemplate } from './parse-template.ts';
export type { ParsedTemplate, TemplatePath } from './parse-template.ts';
export { baselineRules, INLINE_TEMPLATE_LIMIT_BYTES, TLS_POLICY } from './baseline-rules.ts';
export type { BaselineRule, ResourceRule, TemplateRule } from './baseline-rule.ts';
export { formatFinding } from './finding.ts';
export type { Finding } from './finding.ts';
export { lintTemplates } from './lint-templates.ts';
export type { LintedTemplate } from './lint-templates.ts';
export { vpcDnsResolverIp } from './vpc-dns-resolver.ts';
export { describeTemplate } from './describe-template.ts';
export type { TemplateDescription, TemplateOutput, TemplateParameter } from './describe-template.ts';
export { checkParameterValues } from './check-parameter-values.ts';
export { constraintsOf, parameterValueProblem } from './parameter-constraints.ts';
export type { ParameterConstraints } from './parameter-constraints.ts';
