// The audit log: who did what, when, from where. Services call recordAudit inside the same
// transaction as the change, so an action and its audit row commit together or not at all.
// The subject's name as of the change goes into the detail: a later rename leaves old entries alone.
import { desc, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/connection';
import { auditLog, operators } from '../../../db/schema';
import type { AppContext } from '../../context';
import { type Page, toPage } from '../../lib/cursor';
import { parseInput } from '../../lib/zod-errors';
import { readSubjectName, SUBJECT_NAME_KEY } from './audit-subjects';
import { ListPageInput, type ListPageQuery, olderThan, timeIdCursor } from '../paging';

export type AuditEntry = {
  operatorId?: number | null;
  // Shown in the log: the operator's e-mail, 'system', or 'cli'.
  actor: string;
  // Verb-like and dotted, e.g. 'incident.opened', 'operator.signed_in'.
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  detail?: Record<string, unknown>;
  ip?: string;
  // ctx.clock.now(): the audit row and the change it records share one instant.
  at: Date;
};

export function recordAudit(db: Tx, entry: AuditEntry): void {
  const subjectType = entry.subjectType ?? '';
  const subjectId = entry.subjectId === undefined ? '' : String(entry.subjectId);
  const subjectName = readSubjectName(db, subjectType, subjectId);
  const detail = subjectName === undefined ? entry.detail ?? {} : { ...entry.detail, [SUBJECT_NAME_KEY]: subjectName };
  db.insert(auditLog)
    .values({
      at: entry.at,
      operatorId: entry.operatorId ?? null,
      actor: entry.actor,
      action: entry.action,
      subjectType,
      subjectId,
      detail: JSON.stringify(detail),
      ip: entry.ip ?? '',
    })
    .run();
}

export type AuditRow = {
  id: number;
  at: Date;
  actor: string;
  operatorEmail: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail: string;
  ip: string;
};

// Newest first, a page at a time: `next` is the cursor of the following page (null on the last).
export function listAuditLog(ctx: Pick<AppContext, 'db'>, input: ListPageQuery = {}): Page<AuditRow> {
  const { cursor, limit } = parseInput(ListPageInput, input);
  const codec = timeIdCursor(ctx, 'audit');
  const rows = ctx.db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      operatorEmail: operators.email,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      detail: auditLog.detail,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(operators, eq(operators.id, auditLog.operatorId))
    .where(olderThan(auditLog.at, auditLog.id, codec.decode(cursor)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1)
    .all();
  return toPage(rows, limit, codec, (r) => [r.at.getTime(), r.id]);
}
