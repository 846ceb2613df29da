// Writes an announcement (a publication) in the caller's transaction. E-mail and RSS both read
// publications, and both only from publishAt on, so they can never disagree or run early.
import { eq } from 'drizzle-orm';
import { incidents, maintenances, publications } from '../../../db/schema';
import type { Tx } from '../../../db/connection';

export type PublicationKind =
  | 'incident_opened'
  | 'incident_updated'
  | 'incident_resolved'
  | 'maintenance_announced'
  | 'maintenance_rescheduled'
  | 'maintenance_cancelled'
  | 'maintenance_started'
  | 'maintenance_finished'
  | 'announcement';

export type ListName = 'incident' | 'informational';

// What the mail and the feed item say: a snapshot taken when the change was made.
export type PublicationBody = {
  kind: PublicationKind;
  platform: { slug: string; name: string; timeZone: string };
  title: string;
  message: string;
  path: string; // page of the incident or window, relative to PUBLIC_URL
  incident?: {
    id: number;
    severity: number;
    status: string;
    userImpact: string;
    expectedRestorationAt: string | null;
    nextUpdateAt: string | null;
    services: { name: string; impact: string }[];
    // Absent in snapshots taken before restoration facts were recorded.
    startedAt?: string;
    resolvedAt?: string | null;
  };
  maintenance?: {
    id: number;
    kind: 'planned' | 'emergency';
    status: string;
    startsAt: string;
    endsAt: string;
    expectedImpact: string;
    services: string[];
    outcome: string | null;
    // Actual times, once known (absent in publications written before they were recorded).
    startedAt?: string | null;
    finishedAt?: string | null;
    previousStartsAt?: string;
    previousEndsAt?: string;
  };
  // A general announcement: shown on the page until endsAt (null: until an operator ends it).
  announcement?: { id: number; endsAt: string | null };
};

export function listForKind(kind: PublicationKind): ListName {
  return kind.startsWith('incident_') ? 'incident' : 'informational';
}


// Whether the subject is seeded demo data: its announcements go to the feeds but never to mail.
function isDemoSubject(tx: Tx, subjectType: string, subjectId: number): boolean {
  const table = subjectType === 'incident' ? incidents : subjectType === 'maintenance' ? maintenances : null;
  if (!table) return false;
  return tx.select({ isDemo: table.isDemo }).from(table).where(eq(table.id, subjectId)).get()?.isDemo ?? false;
}

export function recordPublication(
  tx: Tx,
  args: { platformId: number; subjectType: 'incident' | 'maintenance' | 'announcement'; subjectId: number; body: PublicationBody; publishAt: Date; now: Date },
): number {
  const isDemo = isDemoSubject(tx, args.subjectType, args.subjectId);
  const row = tx
    .insert(publications)
    .values({
      platformId: args.platformId,
      list: listForKind(args.body.kind),
      kind: args.body.kind,
      subjectType: args.subjectType,
      subjectId: args.subjectId,
      title: args.body.title,
      body: JSON.stringify(args.body),
      publishAt: args.publishAt,
      createdAt: args.now,
      // Fanned out and delivered from the start: the dispatcher never picks a demo announcement up.
      ...(isDemo ? { isDemo, fannedOutAt: args.publishAt, deliveredAt: args.publishAt } : {}),
    })
    .returning({ id: publications.id })
    .get();
  return row.id;
}

export function parsePublicationBody(json: string): PublicationBody {
  return JSON.parse(json) as PublicationBody;
}
