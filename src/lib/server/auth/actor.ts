import type { Role } from './permissions.js';

/** Who is acting: a logged-in person in one office, or the system (CLI, jobs, setup). */
export type Actor = { kind: 'user'; userId: string; tenantId: string; role: Role; label: string } | { kind: 'system'; label: string };

export const systemActor = (label = 'system'): Actor => ({ kind: 'system', label });
