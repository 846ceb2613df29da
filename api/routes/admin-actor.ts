// The acting operator of an admin API call, as the services want it. requireOperator (admin-auth.ts)
// sets both variables before any admin route runs.
import type { Context } from 'hono';
import type { Actor } from '../services/actor';
import type { OperatorEnv } from './admin-auth';

export function actorOf(c: Context<OperatorEnv>): Actor {
  const op = c.var.operator;
  return { operatorId: op.id, email: op.email, role: op.role, ip: c.var.clientIp };
}
