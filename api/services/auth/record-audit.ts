// The audit log: who did what, when, from where. Services call recordAudit inside the same
// transaction as the change, so an action and its audit row commit together or not at all.
import { count, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/connection';
import { auditLog, operators } from '../../../db/schema';
import type { AppContext } from '../../context';

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
  db.insert(auditLog)
    .values({
      at: entry.at,
      operatorId: entry.operatorId ?? null,
      actor: entry.actor,
      action: entry.action,
      subjectType: entry.subjectType ?? '',
      subjectId: entry.subjectId === undefined ? '' : String(entry.subjectId),
      detail: JSON.stringify(entry.detail ?? {}),
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

export type AuditPage = { rows: AuditRow[]; page: number; pageCount: number; total: number };

// Newest first; page numbers start at 1 and are clamped to the pages that exist.
export function listAuditLog(ctx: Pick<AppContext, 'db'>, opts: { page?: number; pageSize?: number } = {}): AuditPage {
  const pageSize = opts.pageSize ?? 50;
  const total = ctx.db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1) || 1), pageCount);
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
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { rows, page, pageCount, total };
}
