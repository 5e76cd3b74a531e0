// @cagw/preflight: checks of Settings (and the rendered gateway config) against the account
// and the world, all run concurrently, all reported.
export { runPreflight, selectChecks, unknownCheckIds, DEFAULT_CHECK_TIMEOUT_MS, type PreflightOptions, type PreflightReport } from './run-preflight.ts';
export type { CheckContext, CheckNeeds, CheckOutcome, CheckResult, CheckStatus, PreflightCheck, PreflightRendered } from './check.ts';
export type { AwsClients, DnsResolver, FetchLike, FindExecutable, PreflightClients } from './preflight-clients.ts';
export { allChecks } from './checks/all-checks.ts';
export { BUILDER_NAMES, builderReadiness, ownStorage, type BuilderMode, type BuilderName, type BuilderReadiness } from './checks/builder-probe.ts';
export { createAwsClients, detectAwsCredentials, findExecutableOnPath, systemPreflightClients, type AwsCredentialsStatus } from './system-clients.ts';
export { isPrivateAddress } from './private-address.ts';
export { certificateNameCovers, isUnderZone } from './dns-names.ts';
