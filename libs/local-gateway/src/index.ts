// @cagw/local-gateway: the real `claude gateway` on 127.0.0.1, with embedded PostgreSQL, a
// development OIDC issuer and an optional stub upstream, for `cagw validate`, `cagw local` and tests.
export { PINNED_GATEWAY_VERSION } from './binary/pinned-version.ts';
export { gatewayPackageFor, type PlatformId } from './binary/platform-package.ts';
export { resolveGatewayBinary, type GatewayBinary, type ResolveGatewayBinaryOptions } from './binary/resolve-gateway-binary.ts';
export { OLDEST_SUPPORTED_GATEWAY_VERSION, assertSupportedGatewayVersion, compareVersions } from './binary/supported-versions.ts';
export { checkReleaseSigner, DEFAULT_RELEASE_SOURCE, releaseSignerOf, verifyGatewayBinary, type ReleaseSigner, type ReleaseSource } from './binary/verify-gateway-binary.ts';
export { newSignInCode } from './oidc/sign-in-code.ts';
export { localizeGatewayConfig, type GatewayConfig, type LoopbackParts } from './config/localize-gateway-config.ts';
export { referencedVariables, throwawayValuesForUnset } from './config/fill-unset-variables.ts';
export { GatewayConfigRejected } from './gateway/gateway-config-rejected.ts';
export { parseGatewayFailure, formatFieldPath, type GatewayFailure, type GatewayFieldError } from './gateway/parse-gateway-failure.ts';
export { startLocalGateway, type LocalGateway, type StartLocalGatewayOptions } from './gateway/start-local-gateway.ts';
export { proveGatewayConfig, type ConfigProof } from './gateway/prove-gateway-config.ts';
export { stopSharedServices } from './lifecycle/shared-services.ts';
export { findFreeLoopbackPort, isLoopbackPortListening } from './net/loopback-port.ts';
export { startDevIssuer, type DevIssuer, type DevClient, type DevClientRequest } from './oidc/dev-issuer.ts';
export { DEFAULT_TEST_USERS, checkTestUsers, defaultTestUsersFor, type TestUser } from './oidc/test-users.ts';
export { parseTestUsersYaml } from './oidc/test-users-file.ts';
export { startLocalPostgres, type LocalPostgres } from './postgres/local-postgres.ts';
export { startStubUpstream, STUB_REPLY_TEXT, type StubUpstream, type StubRequest } from './stub-upstream/stub-anthropic-upstream.ts';
export { signInTestUser, refreshGatewayToken, type GatewayToken } from './client/sign-in-test-user.ts';
export { fetchManagedSettings, listModels, sendTestMessage, type ManagedSettingsAnswer, type MessageAnswer } from './client/gateway-api.ts';
