// The first admin at start: from ADMIN_EMAIL / ADMIN_PASSWORD when configured, otherwise (on an
// empty operators table) a generated account whose password is printed once on the console.
import { count, eq } from 'drizzle-orm';
import { operators } from '../../../db/schema';
import type { AppContext } from '../../context';
import { createOperator, findOperatorByEmail, setOperatorPassword } from './operators';
import { generatePassword, verifyPassword } from './password';
import { recordAudit } from './record-audit';

export const DEFAULT_ADMIN_EMAIL = 'admin@example.com';
const SYSTEM = { actor: 'system' };

export type FirstAdminResult = { email: string; password?: string; action: 'created' | 'updated' | 'unchanged' | 'none' };

export async function ensureFirstAdmin(ctx: AppContext, opts: { log: (line: string) => void }): Promise<FirstAdminResult> {
  const wanted = ctx.config.admin;
  if (wanted) return ensureConfiguredAdmin(ctx, wanted, opts.log);
  const existing = ctx.db.select({ n: count() }).from(operators).get()?.n ?? 0;
  if (existing > 0) return { email: '', action: 'none' };
  const password = generatePassword();
  await createOperator(ctx, { email: DEFAULT_ADMIN_EMAIL, role: 'admin', password }, SYSTEM);
  printLogin(ctx, opts.log, DEFAULT_ADMIN_EMAIL, password);
  return { email: DEFAULT_ADMIN_EMAIL, password, action: 'created' };
}

async function ensureConfiguredAdmin(
  ctx: AppContext,
  wanted: { email: string; password?: string },
  log: (line: string) => void,
): Promise<FirstAdminResult> {
  const row = findOperatorByEmail(ctx, wanted.email);
  if (!row) {
    const password = wanted.password ?? generatePassword();
    const op = await createOperator(ctx, { email: wanted.email, role: 'admin', password }, SYSTEM);
    // A configured password is known to whoever configured it; only a generated one is printed.
    if (!wanted.password) printLogin(ctx, log, op.email, password);
    return { email: op.email, password: wanted.password ? undefined : password, action: 'created' };
  }
  let changed = false;
  if (row.role !== 'admin' || row.disabledAt) {
    ctx.db.transaction((tx) => {
      tx.update(operators).set({ role: 'admin', disabledAt: null }).where(eq(operators.id, row.id)).run();
      recordAudit(tx, { ...SYSTEM, at: ctx.clock.now(), action: 'operator.made_admin', subjectType: 'operator', subjectId: row.id, detail: { source: 'ADMIN_EMAIL' } });
    });
    changed = true;
  }
  if (wanted.password && !(await verifyPassword(wanted.password, row.passwordHash))) {
    await setOperatorPassword(ctx, row.id, wanted.password, SYSTEM);
    changed = true;
  }
  return { email: row.email, action: changed ? 'updated' : 'unchanged' };
}

function printLogin(ctx: AppContext, log: (line: string) => void, email: string, password: string): void {
  log(`Operator login: ${email} / ${password}  (sign in at ${ctx.config.publicUrl}/admin/login; shown only once)`);
}
