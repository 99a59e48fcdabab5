import pidusage from 'pidusage';

export interface UsageSummary {
  cpuPercentAvg: number;
  cpuPercentMax: number;
  rssMbMax: number;
  samples: number;
}

/** Samples CPU and RSS of the given processes once a second until stopped. */
export function sampleProcesses(pids: Record<string, number>) {
  const samples = new Map<string, { cpu: number; rss: number }[]>(
    Object.keys(pids).map((k) => [k, []]),
  );
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) {
      pidusage(pid).then(
        (stat) => samples.get(name)?.push({ cpu: stat.cpu, rss: stat.memory }),
        () => undefined,
      );
    }
  }, 1000);

  return {
    /** Summarises what was sampled since the last call and starts a new window. */
    window(): Record<string, UsageSummary> {
      const result: Record<string, UsageSummary> = {};
      for (const [name, list] of samples) {
        const cpu = list.map((s) => s.cpu);
        result[name] = {
          cpuPercentAvg: Math.round(cpu.reduce((a, b) => a + b, 0) / Math.max(cpu.length, 1)),
          cpuPercentMax: Math.round(Math.max(0, ...cpu)),
          rssMbMax: Math.round(Math.max(0, ...list.map((s) => s.rss)) / 1024 / 1024),
          samples: list.length,
        };
        list.length = 0;
      }
      return result;
    },
    stop: () => clearInterval(timer),
  };
}
