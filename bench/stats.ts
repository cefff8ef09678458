import * as os from 'node:os';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a sample, in the sample's unit. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const last = sorted.length - 1;
  const rank = (share: number) => sorted[Math.min(last, Math.ceil(share * sorted.length) - 1)];
  return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: sorted[sorted.length - 1] };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** What a reader needs to compare two runs: the machine and how loaded it was. */
export function machine(): Record<string, unknown> {
  return {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    platform: `${os.platform()} ${os.release()}`,
  };
}
