/**
 * CPU time (ms) since `from`, printed beside the wall time: on a shared machine the wall time of a
 * query also counts the time other processes held the core.
 */
export function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}
