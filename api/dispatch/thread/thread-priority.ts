// The dispatcher thread runs at a lower CPU priority than the web thread. On Linux the nice value
// belongs to each thread (setpriority on "process 0" changes only the calling thread), so when
// pages, mail and the load all want the CPU, the scheduler gives the web thread about nine tenths
// of a contested core; with nothing else to do, the dispatcher still gets a whole core. Elsewhere
// (macOS, Windows) the call would lower the whole process, so it is left alone there.
import { getPriority, setPriority } from 'node:os';

export const DISPATCHER_NICE = 10;

// The nice value now in force for the calling thread, or undefined where it was not changed.
export function lowerThisThreadsPriority(platform: NodeJS.Platform = process.platform): number | undefined {
  if (platform !== 'linux') return undefined;
  try {
    // Never raises it: a service started with a higher nice value keeps it.
    if (getPriority(0) < DISPATCHER_NICE) setPriority(0, DISPATCHER_NICE);
    return getPriority(0);
  } catch {
    // A sandbox that forbids setpriority: the pressure pauses (web-pressure.ts) still apply.
    return undefined;
  }
}
