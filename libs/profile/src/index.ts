// @cagw/profile: a .env profile (and the environment) → typed, validated Settings.
export { CagwError, type ErrorDetail, type ErrorSource } from './errors.ts';
export { loadSettings, loadSettingsOrThrow, type Env, type LoadSettingsOptions, type LoadedSettings, type ValueSource } from './load-settings.ts';
export type { Settings, DerivedSettings, TlsMode, StackPart, VariableValues } from './settings.ts';
export type { GroupPolicy } from './group-policy.ts';
export { formatProblem, type ProfileProblem } from './profile-problem.ts';
export { variableCatalog, variableNames, secretValueVariables, type VariableName, type VariableSpec, type VariableGroup } from './variable-catalog.ts';
export { formatProfileValue, readProfileFile } from './read-profile-file.ts';
export { readPoliciesFile } from './read-policies-file.ts';
export type { PolicyNames } from './policy-names.ts';
export { CLAUDE_CODE_TOOLS } from './claude-code-tools.ts';
export { readCapsFile, dollarsToCents, centsToDollars, CAP_PERIODS, type CapsFile, type CapPeriod, type CapCents, type PeriodCaps } from './read-caps-file.ts';
export { cidrsOverlap } from './profile-rules.ts';
export { subnetLayout, type SubnetLayout } from './subnet-layout.ts';
export { explainVariables, type VariableExplanation } from './explain-variables.ts';
export { stackTags, CAGW_STACK_TAG_KEYS, MAX_STACK_TAGS } from './stack-tags.ts';
export { DATABASE_CLASSES, connectionBudget, defaultMaxConnections, smallestClassFor, GATEWAY_POOL_SIZE, RESERVED_CONNECTIONS, ROLLOUT_FACTOR, type ConnectionBudget, type DatabaseClass } from './database-classes.ts';
export { FARGATE_TASK_SIZES, fargateMemoryFor, type FargateCpu } from './fargate-task-sizes.ts';
