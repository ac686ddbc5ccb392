// Timings of the trace bench's scripts: wall time, and this process's CPU time, which the machine's load does not
// inflate as much.
export interface Timing {
  /** wall time; on a shared machine it includes waiting for a core */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** CPU time of this process (user + system): what the call costs, whatever the load */
  cpuMedianMs: number;
  runs: number;
}

export const round = (x: number) => Math.round(x * 10) / 10;

function stats(wall: number[], cpu: number[]): Timing {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { medianMs: round(median(wall)), minMs: round(Math.min(...wall)), maxMs: round(Math.max(...wall)), cpuMedianMs: round(median(cpu)), runs: wall.length };
}

export async function timed(fn: () => unknown, runs: number, before: () => void = () => undefined): Promise<Timing> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    before();
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return stats(wall, cpu);
}
