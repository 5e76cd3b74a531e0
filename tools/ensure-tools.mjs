// The commands the tests need that npm cannot bring (tools/debian-tools.json): each missing one
// that Debian packages is installed with apt-get (as root, or through sudo without a password);
// what is still missing after that is returned as one line each, naming the tool, what needs
// it and the command that installs it. Never a silent skip.
import { spawnSync } from 'node:child_process';

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

export function ensureTools(tools) {
  const missing = tools.filter((tool) => !onPath(tool.command));
  const debianPackages = [...new Set(missing.filter((tool) => tool.debian).map((tool) => tool.debian))];
  if (debianPackages.length > 0) installFromDebian(debianPackages);
  return missing
    .filter((tool) => !onPath(tool.command))
    .map((tool) => `missing tool: ${tool.command} (needed by ${tool.for}); install it with: ${tool.debian ? `apt-get install -y ${tool.debian}` : tool.install}`);
}

function installFromDebian(packages) {
  const asRoot = process.getuid?.() === 0 ? [] : spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n'] : undefined;
  if (!asRoot) return; // neither root nor sudo: the caller names each tool and its install command
  console.log(`npm test: installing ${packages.join(', ')} from Debian (needed by the tests, missing here)`);
  const run = (args) => spawnSync(asRoot[0] ?? args[0], asRoot.length ? [...asRoot.slice(1), ...args] : args.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 600_000,
  });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...packages]);
}
