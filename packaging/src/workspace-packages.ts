// The packages cagw publishes, where they live in the workspace, and what they are for.
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface PublishedPackage {
  /** the Nx project name */
  project: string;
  name: string;
  /** folder inside the workspace */
  dir: string;
}

export const LIBRARIES: readonly PublishedPackage[] = [
  { project: 'errors', name: '@cagw/errors', dir: 'libs/errors' },
  { project: 'profile', name: '@cagw/profile', dir: 'libs/profile' },
  { project: 'dsn', name: '@cagw/dsn', dir: 'libs/dsn' },
  { project: 'config-render', name: '@cagw/config-render', dir: 'libs/config-render' },
  { project: 'preflight', name: '@cagw/preflight', dir: 'libs/preflight' },
  { project: 'observability', name: '@cagw/observability', dir: 'libs/observability' },
  { project: 'cloudformation', name: '@cagw/cloudformation', dir: 'cloudformation' },
  { project: 'local-gateway', name: '@cagw/local-gateway', dir: 'libs/local-gateway' },
  { project: 'strict-cloudformation', name: '@cagw/strict-cloudformation', dir: 'libs/strict-cloudformation' },
];

export const DEPLOYER: PublishedPackage = { project: 'deployer', name: '@cagw/deployer', dir: 'apps/deployer' };
