// CagwError lives in @cagw/errors, so libraries that need only the error type do not depend
// on the profile schema; re-exported here so every existing import keeps working.
export { CagwError, type ErrorDetail, type ErrorSource } from '@cagw/errors';
