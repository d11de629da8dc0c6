import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (ms) since `from`, printed beside the wall time: on a shared machine the wall time of a
 * query also counts the time other processes held the core.
 */
export function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/**
 * CPU time (ms) the main thread has had, from Linux's per-thread schedstat; null elsewhere.
 * process.cpuUsage counts the parse workers too, and Node 20 has no per-thread figure.
 */
export function mainThreadCpuMs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/**
 * CPU time (ms) every thread but the main one has had (Linux; null elsewhere): V8 compiling and
 * collecting in the background, which on one core takes turns with the question being timed.
 */
export function otherThreadsCpuMs(): number | null {
  try {
    let ms = 0;
    for (const t of readdirSync('/proc/self/task'))
      if (Number(t) !== process.pid)
        ms += Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    return ms;
  } catch {
    return null;
  }
}
