// A service's probe, outage definition and the incident text detection uses: input, defaults, storage.
import { eq } from 'drizzle-orm';
import { inJsonArray, prepareOnce } from '../../../db/prepared';
import { z } from 'zod';
import { serviceDetection } from '../../../db/schema';
import { DEFAULT_OUTAGE_DEFINITION, DEFAULT_PROBE_INTERVAL_SECONDS } from '../../domain/outage-definition';
import type { Tx as DbOrTx } from '../../../db/connection';
import type { AppContext } from '../../context';

export const PROBE_SCHEMES = ['http:', 'https:', 'smtp:', 'smtps:', 'imap:', 'imaps:', 'pop3:', 'pop3s:'] as const;

const ProbeUrl = z.string().trim().max(500).superRefine((value, check) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return void check.addIssue({ code: 'custom', message: 'is not a URL such as smtp://mx.example.com:25' });
  }
  if (!(PROBE_SCHEMES as readonly string[]).includes(url.protocol)) {
    check.addIssue({ code: 'custom', message: 'must start with http, https, smtp, smtps, imap, imaps, pop3 or pop3s' });
  } else if (url.username || url.password) {
    check.addIssue({ code: 'custom', message: 'must not hold credentials: name an env variable or a secret file in probe.credentials' });
  } else if (!url.hostname) {
    check.addIssue({ code: 'custom', message: 'needs a host name' });
  }
});

// A reference to the test mailbox's credentials, never the credentials themselves.
export const CredentialsRef = z.string().trim().max(300)
  .regex(/^(env:[A-Z0-9_]{1,64}|file:\/\S+)$/, 'must be env:NAME (read from PROBE_CREDENTIALS_NAME) or file:/absolute/path');

const seconds = (max: number) => z.coerce.number({ error: 'must be a number of seconds' }).int('must be whole seconds').min(1, 'must be at least 1 second').max(max);

export const ProbeInput = z.strictObject({
  url: ProbeUrl,
  intervalSeconds: seconds(3600).default(DEFAULT_PROBE_INTERVAL_SECONDS),
  credentials: CredentialsRef.nullable().optional(),
});

export const OutageInput = z.strictObject({
  slowerThanSeconds: seconds(600).default(DEFAULT_OUTAGE_DEFINITION.slowerThanSeconds),
  forSeconds: seconds(86_400).default(DEFAULT_OUTAGE_DEFINITION.forSeconds),
});

export const DetectionIncidentInput = z.strictObject({
  title: z.string().trim().max(200).default(''),
  userImpact: z.string().trim().max(2000).default(''),
  severity: z.coerce.number({ error: 'must be 1, 2 or 3' }).int().min(1, 'must be 1, 2 or 3').max(3, 'must be 1, 2 or 3').default(2),
});

export const ServiceDetectionFields = {
  probe: ProbeInput.nullable().optional(),
  outage: OutageInput.optional(),
  detection: DetectionIncidentInput.optional(),
};

export type ServiceDetectionValues = {
  probe: { url: string; intervalSeconds: number; credentials: string | null } | null;
  outage: { slowerThanSeconds: number; forSeconds: number };
  detection: { title: string; userImpact: string; severity: number };
};

const DEFAULT_TEXTS: [RegExp, string, string][] = [
  [/smtp/i, 'mail is delayed or not accepted', 'Sending and receiving mail is delayed or fails.'],
  [/imap/i, 'mailboxes cannot be reached', 'Mail clients cannot open mailboxes over IMAP, or wait a long time.'],
  [/pop/i, 'mail cannot be downloaded', 'POP3 clients cannot download mail, or wait a long time.'],
  [/web|http/i, 'Web-Mail is not reachable or very slow', 'Web-Mail and the HTTP APIs do not answer, or answer very slowly.'],
];

// The incident text detection uses when admins prepared none.
export function defaultIncidentText(serviceName: string): { title: string; userImpact: string } {
  const match = DEFAULT_TEXTS.find(([re]) => re.test(serviceName));
  if (!match) return { title: `${serviceName}: not reachable or very slow`, userImpact: `${serviceName} does not answer, or answers very slowly.` };
  return { title: `${serviceName}: ${match[1]}`, userImpact: match[2] };
}

type Row = typeof serviceDetection.$inferSelect;

export function toDetectionValues(row: Row | undefined): ServiceDetectionValues {
  return {
    probe: row?.probeUrl ? { url: row.probeUrl, intervalSeconds: row.probeIntervalSeconds, credentials: row.probeCredentials } : null,
    outage: { slowerThanSeconds: row?.slowerThanSeconds ?? DEFAULT_OUTAGE_DEFINITION.slowerThanSeconds, forSeconds: row?.forSeconds ?? DEFAULT_OUTAGE_DEFINITION.forSeconds },
    detection: { title: row?.incidentTitle ?? '', userImpact: row?.userImpact ?? '', severity: row?.severity ?? 2 },
  };
}

export function loadDetectionValues(db: DbOrTx, serviceIds: number[]): Map<number, ServiceDetectionValues> {
  const rows = serviceIds.length
    ? prepareOnce(db, 'detectionSettings', () => db.select().from(serviceDetection).where(inJsonArray(serviceDetection.serviceId, 'ids')).prepare())
      .all({ ids: JSON.stringify(serviceIds) })
    : [];
  return new Map(serviceIds.map((id) => [id, toDetectionValues(rows.find((r) => r.serviceId === id))]));
}

// Detection values of services for the admin pages (defaults for services without a row).
export function getDetectionValues(ctx: Pick<AppContext, 'db'>, serviceIds: number[]): Map<number, ServiceDetectionValues> {
  return loadDetectionValues(ctx.db, serviceIds);
}

type Given = { probe?: z.output<typeof ProbeInput> | null; outage?: z.output<typeof OutageInput>; detection?: z.output<typeof DetectionIncidentInput> };

// Writes only the parts given; returns what the audit log may show (no secrets exist here).
export function writeDetectionValues(tx: DbOrTx, serviceId: number, given: Given, now: Date): Record<string, unknown> {
  if (given.probe === undefined && !given.outage && !given.detection) return {};
  const current = toDetectionValues(tx.select().from(serviceDetection).where(eq(serviceDetection.serviceId, serviceId)).get());
  const probe = given.probe === undefined ? current.probe : given.probe && { ...given.probe, credentials: given.probe.credentials ?? null };
  const outage = given.outage ?? current.outage;
  const detection = given.detection ?? current.detection;
  const values = {
    probeUrl: probe?.url ?? null, probeIntervalSeconds: probe?.intervalSeconds ?? DEFAULT_PROBE_INTERVAL_SECONDS, probeCredentials: probe?.credentials ?? null,
    slowerThanSeconds: outage.slowerThanSeconds, forSeconds: outage.forSeconds,
    incidentTitle: detection.title, userImpact: detection.userImpact, severity: detection.severity,
    // A changed probe runs at once.
    nextProbeAt: null, updatedAt: now,
  };
  tx.insert(serviceDetection).values({ serviceId, ...values }).onConflictDoUpdate({ target: serviceDetection.serviceId, set: values }).run();
  return { probe: probe ? { url: probe.url, intervalSeconds: probe.intervalSeconds, credentials: probe.credentials ? 'configured' : 'none' } : null, outage, detection };
}
