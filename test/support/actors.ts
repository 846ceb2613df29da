import type { Actor } from '../../api/services/actor';

export const adminActor: Actor = { operatorId: null, email: 'admin@test.example', role: 'admin', ip: '127.0.0.1' };
export const operatorActor: Actor = { operatorId: null, email: 'op@test.example', role: 'operator', ip: '127.0.0.1' };
