import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cpuTimeMs, peakRssMb, pidListeningOn, rssMb } from './proc-stats.ts';

describe('proc-stats', () => {
  it('reads CPU time and memory of a process', () => {
    expect(cpuTimeMs(process.pid)).toBeGreaterThan(0);
    expect(rssMb(process.pid)).toBeGreaterThan(10);
    expect(peakRssMb(process.pid)).toBeGreaterThanOrEqual(rssMb(process.pid) - 1);
  });

  it('finds the process listening on a port', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    expect(pidListeningOn(port, process.pid)).toBe(process.pid);
    server.close();
    expect(pidListeningOn(1, process.pid)).toBeUndefined();
  });
});
