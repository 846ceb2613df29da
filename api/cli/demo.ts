// `npm run demo -- status`   says whether the seeded demo history is still there
// `npm run demo -- remove`   deletes it (incidents, maintenance windows and their announcements),
//                            keeping platforms, services, operators, settings, subscribers and real data
import { bootContext } from '../boot';
import { loadConfig } from '../config';
import { countDemoData, removeDemoData } from '../services/seed/demo-data';

const USAGE = `Usage:
  npm run demo -- status   (is the demo data still there?)
  npm run demo -- remove   (delete the demo's incidents, maintenance and announcements; keeps everything else)`;

const describe = (c: { incidents: number; maintenances: number; publications: number }) =>
  `${c.incidents} incident(s), ${c.maintenances} maintenance window(s), ${c.publications} announcement(s)`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if ((command !== 'status' && command !== 'remove') || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  // Never seeds: removing the demo from an empty database must not create it first.
  const boot = bootContext({ ...loadConfig(), isDemoSeedOn: false });
  try {
    if (command === 'status') {
      const counts = countDemoData(boot.ctx);
      const total = counts.incidents + counts.maintenances + counts.publications;
      console.log(total === 0 ? 'No demo data.' : `Demo data present: ${describe(counts)}.`);
      return 0;
    }
    const removed = removeDemoData(boot.ctx, { operatorId: null, email: 'cli', role: 'system', ip: '' }, { confirm: 'yes' });
    const total = removed.incidents + removed.maintenances + removed.publications;
    console.log(total === 0 ? 'No demo data to remove.' : `Removed the demo data: ${describe(removed)}. Platforms, services and real data are kept.`);
    return 0;
  } finally {
    boot.close();
  }
}

process.exitCode = main(process.argv.slice(2));
