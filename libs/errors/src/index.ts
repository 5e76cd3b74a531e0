// @cagw/errors: the one error type every cagw library throws (code, where, fix).
export { CagwError, type ErrorDetail, type ErrorSource } from './cagw-error.ts';
