// Which table names each kind of audit subject, and by which column the audit row points at it.
// recordAudit reads the name at write time (so an entry keeps what the subject was called then);
// describe-audit reads current names only for old rows written before names were recorded.
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../db/connection';
import { announcements, incidents, maintenances, operators, organizations, platforms, services } from '../../../db/schema';

// The key in an audit row's detail that holds the subject's name when the entry was written.
export const SUBJECT_NAME_KEY = 'subjectName';

// Platforms are recorded by slug, every other subject by numeric id.
const SUBJECTS = {
  incident: { table: incidents, key: incidents.id, name: incidents.title },
  maintenance: { table: maintenances, key: maintenances.id, name: maintenances.title },
  announcement: { table: announcements, key: announcements.id, name: announcements.title },
  platform: { table: platforms, key: platforms.slug, name: platforms.name },
  service: { table: services, key: services.id, name: services.name },
  organization: { table: organizations, key: organizations.id, name: organizations.name },
  operator: { table: operators, key: operators.id, name: operators.email },
} as const;

type SubjectType = keyof typeof SUBJECTS;
type Ref = { subjectType: string; subjectId: string };

function isNamed(type: string): type is SubjectType {
  return Object.hasOwn(SUBJECTS, type);
}

// The audit row's subject id as its table's key: a slug for platforms, a safe integer otherwise.
function keyOf(type: SubjectType, id: string): string | number | undefined {
  if (type === 'platform') return id === '' ? undefined : id;
  const n = Number(id);
  return id !== '' && Number.isSafeInteger(n) ? n : undefined;
}

// The subject's name now (inside the writing transaction: as of the change), or undefined.
export function readSubjectName(db: Tx, subjectType: string, subjectId: string): string | undefined {
  if (!isNamed(subjectType)) return undefined;
  const key = keyOf(subjectType, subjectId);
  if (key === undefined) return undefined;
  const { table, key: column, name } = SUBJECTS[subjectType];
  return db.select({ name }).from(table).where(eq(column, key)).get()?.name;
}

// Current names of many subjects, one query per kind; keys are `${subjectType}:${subjectId}`.
export function readSubjectNames(db: Tx, refs: Ref[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const type of Object.keys(SUBJECTS) as SubjectType[]) {
    const keys = [...new Set(refs.filter((r) => r.subjectType === type).map((r) => keyOf(type, r.subjectId)))]
      .filter((k): k is string | number => k !== undefined);
    if (keys.length === 0) continue;
    const { table, key, name } = SUBJECTS[type];
    const found = db.select({ key, name }).from(table).where(inArray(key, keys)).all();
    for (const r of found) names.set(`${type}:${r.key}`, r.name);
  }
  return names;
}
