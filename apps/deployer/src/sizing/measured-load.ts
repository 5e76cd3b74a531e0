// The load bench's measured figures (nx run local-gateway:bench-load -- --record FILE), shipped
// with the gateway version and date they came from: what `cagw size` reasons from.
import measured from './measured-load.json' with { type: 'json' };

export interface MeasuredStep {
  streams: number;
  concurrentStreams: number;
  rps: number;
  errors: number;
  addedTtfbP99Ms: number;
  addedChunkGapP99Ms: number;
  cpuMillicoresPerStream: number;
  rssMiB: number;
  rssMiBPerStream: number;
  statementsPerRequest: number;
  postgresConnectionsMax: number;
  held: boolean;
}

export interface MeasuredLoad {
  gatewayVersion: string;
  date: string;
  machine: { cores: number; loadAverage1m: number; note: string };
  idleRssMiB: number;
  steps: MeasuredStep[];
}

export const MEASURED_LOAD: MeasuredLoad = measured;
