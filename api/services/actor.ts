// Who is acting: an operator (from a session or an API token), or the system itself.
import { z } from 'zod';

export type Actor = { operatorId: number | null; email: string; role: 'admin' | 'operator' | 'system'; ip: string };

export const systemActor: Actor = { operatorId: null, email: 'system', role: 'system', ip: '' };

export function auditFields(actor: Actor, at: Date) {
  return { operatorId: actor.operatorId, actor: actor.email, ip: actor.ip, at };
}

export const IdInput = z.coerce.number({ error: 'must be a number' }).int().positive('must be a positive id');
