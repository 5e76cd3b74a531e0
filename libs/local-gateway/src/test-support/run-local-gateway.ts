// A process that runs one local gateway until it gets a signal, as `cagw local` will: the
// signal test starts it, reads the JSON line it prints, sends SIGINT and checks what is left.
import { startLocalGateway } from '../gateway/start-local-gateway.ts';
import { minimalDeployedConfig } from './gateway-configs.ts';

const stateDir = process.argv[2];
const gateway = await startLocalGateway({ config: minimalDeployedConfig(), upstream: 'stub', ...(stateDir ? { stateDir } : {}) });
process.stdout.write(
  `${JSON.stringify({
    gatewayPid: gateway.pid,
    postgresDataDir: gateway.database.dataDir,
    ports: [gateway.port, gateway.database.port, Number(new URL(gateway.issuerUrl).port), gateway.stubUpstream?.port],
    bootMs: gateway.bootMs,
  })}\n`,
);
// keep running until a signal; the library's exit clean-up does the stopping
setInterval(() => undefined, 60_000);
