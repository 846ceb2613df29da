// Operator accounts: role admin or operator, e-mail compared case-insensitively.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { operators } from '../../../db/schema';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError } from '../../errors';
import { parseInput } from '../../lib/zod-errors';
import { hashPassword } from './password';
import { recordAudit } from './record-audit';

export type Role = 'admin' | 'operator';
export type Operator = { id: number; email: string; role: Role };
// Who is acting, for the audit log: an operator, or the console.
export type ActingAs = { operatorId?: number | null; actor: string; ip?: string };

export const EmailInput = z
  .string({ error: 'Enter an e-mail address' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid e-mail address, like name@example.com' }).max(254, 'Too long'));

export const PasswordInput = z
  .string({ error: 'Enter a password' })
  .min(12, 'Use at least 12 characters')
  .max(1024, 'Use at most 1024 characters');

export const CreateOperatorInput = z.strictObject({
  email: EmailInput,
  role: z.enum(['admin', 'operator'], { error: 'Choose admin or operator' }),
  password: PasswordInput,
});

export async function createOperator(ctx: AppContext, input: unknown, by: ActingAs): Promise<Operator> {
  const data = parseInput(CreateOperatorInput, input);
  if (findOperatorByEmail(ctx, data.email)) {
    throw new ConflictError(`An operator with the e-mail address ${data.email} already exists`);
  }
  const passwordHash = await hashPassword(data.password);
  return ctx.db.transaction((tx) => {
    const row = tx
      .insert(operators)
      .values({ email: data.email, role: data.role, passwordHash })
      .onConflictDoNothing()
      .returning({ id: operators.id, email: operators.email, role: operators.role })
      .get();
    if (!row) throw new ConflictError(`An operator with the e-mail address ${data.email} already exists`);
    recordAudit(tx, { ...by, at: ctx.clock.now(), action: 'operator.created', subjectType: 'operator', subjectId: row.id, detail: { email: row.email, role: row.role } });
    return row;
  });
}

export function findOperatorByEmail(ctx: Pick<AppContext, 'db'>, email: string) {
  return ctx.db.select().from(operators).where(eq(operators.email, email.trim().toLowerCase())).get();
}

export function listOperators(ctx: Pick<AppContext, 'db'>) {
  return ctx.db
    .select({ id: operators.id, email: operators.email, role: operators.role, createdAt: operators.createdAt, disabledAt: operators.disabledAt })
    .from(operators)
    .orderBy(asc(operators.email))
    .all();
}

// Used by the first-admin bootstrap and the CLI: sets a new password and makes sure the account is usable.
export async function setOperatorPassword(ctx: AppContext, operatorId: number, password: string, by: ActingAs): Promise<void> {
  const passwordHash = await hashPassword(parseInput(PasswordInput, password));
  ctx.db.transaction((tx) => {
    const row = tx.update(operators).set({ passwordHash, disabledAt: null }).where(eq(operators.id, operatorId)).returning().get();
    if (!row) throw new NotFoundError(`No operator ${operatorId}`);
    recordAudit(tx, { ...by, at: ctx.clock.now(), action: 'operator.password_set', subjectType: 'operator', subjectId: operatorId });
  });
}
