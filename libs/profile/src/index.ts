export { CagwError, type ErrorDetail, type ErrorSource } from './errors.ts';
