// The acting operator of an admin API call, as the services want it.
import type { Context } from 'hono';
import type { Actor } from '../services/actor';

type OperatorVar = { id: number; email: string; role: 'admin' | 'operator' };

export function actorOf(c: Context): Actor {
  const op = c.get('operator' as never) as OperatorVar;
  const ip = (c.get('clientIp' as never) as string | undefined) ?? '';
  return { operatorId: op.id, email: op.email, role: op.role, ip };
}

export async function readJson(c: Context): Promise<Record<string, unknown>> {
  const body = await c.req.json().catch(() => {
    throw new SyntaxError('Malformed JSON body');
  });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SyntaxError('The body must be a JSON object');
  return body as Record<string, unknown>;
}
