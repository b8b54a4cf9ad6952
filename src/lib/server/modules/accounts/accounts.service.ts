import { and, asc, count, desc, eq, gt, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { inScope } from '../../db/scope.js';
import type { Actor } from '../../auth/actor.js';
import { hashPassword, newToken, tokenId, verifyPassword } from '../../auth/crypto.js';
import { checkTotp, newTotpSecret } from '../../auth/totp.js';
import { isRole, requiresSecondFactor, type Role } from '../../auth/permissions.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMail, type MailSettings } from '../mail/mail.service.js';
import type { Locale } from '../mail/mail.templates.js';
import { createOfficeIn } from '../tenants/tenants.service.js';
import type { Office } from '../tenants/tenants.repository.js';
import type { FederalState } from '../../../schemas/common.js';
import { newOffice } from '../../../schemas/office.js';
import { formatDateTime, t } from '../../../i18n.js';
import { accountTokens, loginAttempts, memberships, sessions, users } from './accounts.table.js';
import { tenants } from '../tenants/tenants.table.js';

export const SESSION_HOURS = 12;
export const RATE_LIMIT = { maxFailures: 10, windowMinutes: 15 } as const;
const INVITATION_DAYS = 7;
const RESET_HOURS = 2;

export type UserSummary = { id: string; email: string; name: string; totpEnabled: boolean };
/** One office a person works in. `topLevel`: the office has no parent (it runs the installation). */
export type MembershipSummary = { tenantId: string; role: Role; officeName: string; officeSlug: string; topLevel: boolean };

// ---------------------------------------------------------------- setup

/** Whether any office already has an administrator (then setup is closed for good). */
export async function isSetupDone(db: Db): Promise<boolean> {
	const [row] = await inScope(db, { kind: 'system' }, (tx) =>
		tx.select({ n: count() }).from(memberships).where(eq(memberships.role, 'admin'))
	);
	return (row?.n ?? 0) > 0;
}

export type SetupInput = { officeName: string; federalState: FederalState; name: string; email: string; password: string };

/**
 * Creates the first office (a published contact point) and its administrator. Refuses when
 * setup was already done. Used by `treffpunkt setup` and by the first-run page.
 */
export async function setupFirstOffice(db: Db, input: SetupInput, actor: Actor): Promise<{ office: Office; userId: string }> {
	const passwordHash = await hashPassword(input.password);
	return inScope(db, { kind: 'system' }, async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
		const [admins] = await tx.select({ n: count() }).from(memberships).where(eq(memberships.role, 'admin'));
		if ((admins?.n ?? 0) > 0) throw new AppError('setup_done', 'setup was already done');
		const office = await createOfficeIn(tx, actor, {
			...newOffice(input.officeName, 'contact_point', input.federalState),
			published: true
		});
		const userId = await createUserIn(tx, { email: input.email, name: input.name, passwordHash });
		await tx.insert(memberships).values({ tenantId: office.id, userId, role: 'admin' });
		await recordAudit(tx, actor, {
			tenantId: office.id,
			action: 'setup',
			entity: 'user',
			entityId: userId,
			changes: { email: input.email, role: 'admin' }
		});
		return { office, userId };
	});
}

async function createUserIn(tx: Tx, values: { email: string; name: string; passwordHash: string | null }): Promise<string> {
	const [existing] = await tx
		.select({ id: users.id })
		.from(users)
		.where(sql`lower(${users.email}) = ${values.email.toLowerCase()}`);
	if (existing) throw new AppError('conflict', 'an account with this e-mail exists', { field: 'email' });
	const [row] = await tx
		.insert(users)
		.values({ email: values.email.toLowerCase(), name: values.name, passwordHash: values.passwordHash })
		.returning({ id: users.id });
	if (!row) throw new Error('insert returned no row');
	return row.id;
}

/** `treffpunkt user add`: adds a person with a password to an office, or a role to an existing account. */
export async function addUser(
	db: Db,
	actor: Actor,
	input: { officeId: string; email: string; name: string; role: Role; password: string }
): Promise<{ userId: string; created: boolean }> {
	const passwordHash = await hashPassword(input.password);
	return inScope(db, { kind: 'system' }, async (tx) => {
		const [existing] = await tx
			.select({ id: users.id })
			.from(users)
			.where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`);
		const userId = existing?.id ?? (await createUserIn(tx, { email: input.email, name: input.name, passwordHash }));
		const [member] = await tx
			.select({ role: memberships.role })
			.from(memberships)
			.where(and(eq(memberships.tenantId, input.officeId), eq(memberships.userId, userId)));
		if (member) throw new AppError('conflict', 'this person already belongs to the office', { field: 'email' });
		await tx.insert(memberships).values({ tenantId: input.officeId, userId, role: input.role });
		await recordAudit(tx, actor, {
			tenantId: input.officeId,
			action: 'create',
			entity: 'membership',
			entityId: userId,
			changes: { email: input.email, role: input.role }
		});
		return { userId, created: !existing };
	});
}

/**
 * For a person who lost her authenticator: removes her second factor and ends her sessions, so
 * that her next login enrols a new one. An operator command (`treffpunkt user reset-second-factor`).
 */
export async function resetSecondFactor(db: Db, actor: Actor, email: string): Promise<boolean> {
	return inScope(db, { kind: 'system' }, async (tx) => {
		const [user] = await tx
			.select({ id: users.id })
			.from(users)
			.where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
		if (!user) return false;
		await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, user.id));
		await tx.delete(sessions).where(eq(sessions.userId, user.id));
		const offices = await tx.select({ tenantId: memberships.tenantId }).from(memberships).where(eq(memberships.userId, user.id));
		for (const o of offices) {
			await recordAudit(tx, actor, {
				tenantId: o.tenantId,
				action: 'update',
				entity: 'second_factor',
				entityId: user.id,
				changes: { reset: true }
			});
		}
		return true;
	});
}

// ---------------------------------------------------------------- login

export type LoginResult =
	{ kind: 'ok'; token: string; next: 'done' | 'totp' | 'totp_setup' } | { kind: 'invalid' } | { kind: 'rate_limited'; retryAt: Date };

/** When the client may try again, or undefined if it may try now. */
export async function loginBlockedUntil(tx: Tx, email: string, clientAddress: string, now: Date): Promise<Date | undefined> {
	const since = new Date(now.getTime() - RATE_LIMIT.windowMinutes * 60_000);
	let until: Date | undefined;
	for (const where of [eq(loginAttempts.email, email), eq(loginAttempts.clientAddress, clientAddress)]) {
		const failures = await tx
			.select({ at: loginAttempts.at })
			.from(loginAttempts)
			.where(and(where, eq(loginAttempts.success, false), gt(loginAttempts.at, since), lte(loginAttempts.at, now)))
			.orderBy(desc(loginAttempts.at))
			.limit(RATE_LIMIT.maxFailures);
		if (failures.length >= RATE_LIMIT.maxFailures) {
			const oldest = failures[failures.length - 1]!.at;
			const free = new Date(oldest.getTime() + RATE_LIMIT.windowMinutes * 60_000);
			if (!until || free > until) until = free;
		}
	}
	return until;
}

async function recordAttempt(tx: Tx, email: string, clientAddress: string, success: boolean, now: Date) {
	await tx.insert(loginAttempts).values({ email, clientAddress, success, at: now });
}

async function rolesOf(tx: Tx, userId: string): Promise<Role[]> {
	const rows = await tx.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, userId));
	return rows.map((r) => r.role).filter(isRole);
}

/** Checks e-mail and password under the rate limit; on success opens a session (second factor pending where required). */
export async function login(db: Db, input: { email: string; password: string; clientAddress: string; now?: Date }): Promise<LoginResult> {
	const now = input.now ?? new Date();
	const email = input.email.toLowerCase();
	const blocked = await inScope(db, { kind: 'system' }, (tx) => loginBlockedUntil(tx, email, input.clientAddress, now));
	if (blocked) return { kind: 'rate_limited', retryAt: blocked };
	const user = await inScope(db, { kind: 'system' }, async (tx) => {
		const [row] = await tx
			.select({ id: users.id, passwordHash: users.passwordHash, totpEnabledAt: users.totpEnabledAt, disabledAt: users.disabledAt })
			.from(users)
			.where(sql`lower(${users.email}) = ${email}`);
		return row;
	});
	const ok = (await verifyPassword(user?.passwordHash, input.password)) && user !== undefined && user.disabledAt === null;
	return inScope(db, { kind: 'system' }, async (tx) => {
		await recordAttempt(tx, email, input.clientAddress, ok, now);
		if (!ok || !user) return { kind: 'invalid' } as const;
		const roles = await rolesOf(tx, user.id);
		const needsSecond = requiresSecondFactor(roles);
		const [first] = await tx
			.select({ tenantId: memberships.tenantId })
			.from(memberships)
			.where(eq(memberships.userId, user.id))
			.orderBy(asc(memberships.createdAt))
			.limit(1);
		const { token, id } = newToken();
		await tx.insert(sessions).values({
			id,
			userId: user.id,
			tenantId: first?.tenantId ?? null,
			secondFactorDone: !needsSecond,
			createdAt: now,
			lastSeenAt: now,
			expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000)
		});
		const next = !needsSecond ? 'done' : user.totpEnabledAt ? 'totp' : 'totp_setup';
		if (next === 'done') {
			await recordAudit(
				tx,
				{ kind: 'user', userId: user.id, tenantId: first?.tenantId ?? '', role: roles[0] ?? 'volunteer', label: email },
				{ tenantId: first?.tenantId ?? null, action: 'login', entity: 'session' }
			);
		}
		return { kind: 'ok', token, next } as const;
	});
}

export type SessionInfo = {
	sessionId: string;
	user: UserSummary;
	secondFactorDone: boolean;
	needsSecondFactor: boolean;
	memberships: MembershipSummary[];
	/** the office the person works in now, with her role there */
	active: MembershipSummary | undefined;
	/** when the session ends unless it is used again */
	expiresAt: Date;
};

/** An office the person belongs to, as validateSession reads it. */
type MembershipRow = { tenantId: string; role: string; officeName: string; officeSlug: string; topLevel: boolean };

/** Resolves a session cookie; refreshes its expiry (sliding) at most once per ten minutes. */
export async function validateSession(db: Db, token: string, now = new Date()): Promise<SessionInfo | undefined> {
	const id = tokenId(token);
	return inScope(db, { kind: 'system' }, async (tx) => {
		// the session, its person and her offices in one round trip: every signed-in request starts here
		const [row] = await tx
			.select({
				sessionId: sessions.id,
				tenantId: sessions.tenantId,
				secondFactorDone: sessions.secondFactorDone,
				expiresAt: sessions.expiresAt,
				lastSeenAt: sessions.lastSeenAt,
				userId: users.id,
				email: users.email,
				name: users.name,
				totpEnabledAt: users.totpEnabledAt,
				disabledAt: users.disabledAt,
				memberships: sql<MembershipRow[]>`coalesce((
					select json_agg(json_build_object('tenantId', m.tenant_id, 'role', m.role, 'officeName', t.name, 'officeSlug', t.slug,
						'topLevel', t.parent_id is null) order by t.name)
					from ${memberships} m join ${tenants} t on t.id = m.tenant_id
					where m.user_id = ${users.id}), '[]'::json)`
			})
			.from(sessions)
			.innerJoin(users, eq(users.id, sessions.userId))
			.where(eq(sessions.id, id));
		if (!row || row.expiresAt <= now || row.disabledAt) return undefined;
		let expiresAt = row.expiresAt;
		if (now.getTime() - row.lastSeenAt.getTime() > 10 * 60_000) {
			expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
			await tx.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
		}
		const rows = typeof row.memberships === 'string' ? (JSON.parse(row.memberships) as MembershipRow[]) : row.memberships;
		const list = rows.flatMap((r) => (isRole(r.role) ? [{ ...r, role: r.role }] : []));
		return {
			sessionId: row.sessionId,
			user: { id: row.userId, email: row.email, name: row.name, totpEnabled: row.totpEnabledAt !== null },
			secondFactorDone: row.secondFactorDone,
			needsSecondFactor: requiresSecondFactor(list.map((m) => m.role)),
			memberships: list,
			active: list.find((m) => m.tenantId === row.tenantId) ?? list[0],
			expiresAt
		};
	});
}

export async function logout(db: Db, token: string): Promise<void> {
	await inScope(db, { kind: 'system' }, (tx) => tx.delete(sessions).where(eq(sessions.id, tokenId(token))));
}

/** Switches the office a session works in; only to an office the person belongs to. */
export async function switchOffice(db: Db, session: SessionInfo, tenantId: string): Promise<void> {
	if (!session.memberships.some((m) => m.tenantId === tenantId)) throw new AppError('forbidden', 'not a member of that office');
	await inScope(db, { kind: 'system' }, (tx) => tx.update(sessions).set({ tenantId }).where(eq(sessions.id, session.sessionId)));
}

// ---------------------------------------------------------------- second factor

/** Starts (or restarts) TOTP enrolment: a new secret, stored but not yet enabled. */
export async function beginTotpSetup(db: Db, session: SessionInfo): Promise<string> {
	if (session.user.totpEnabled) throw new AppError('conflict', 'second factor already set up');
	return inScope(db, { kind: 'system' }, async (tx) => {
		const [row] = await tx.select({ secret: users.totpSecret }).from(users).where(eq(users.id, session.user.id));
		if (row?.secret) return row.secret;
		const secret = newTotpSecret();
		await tx.update(users).set({ totpSecret: secret }).where(eq(users.id, session.user.id));
		return secret;
	});
}

export type SecondFactorResult = { kind: 'ok' } | { kind: 'invalid' } | { kind: 'rate_limited'; retryAt: Date };

/**
 * Checks a TOTP code for the session's user. During enrolment a correct code enables the
 * second factor. Wrong codes count towards the same rate limit as wrong passwords.
 */
export async function verifySecondFactor(
	db: Db,
	session: SessionInfo,
	input: { code: string; clientAddress: string; now?: Date }
): Promise<SecondFactorResult> {
	const now = input.now ?? new Date();
	const email = session.user.email.toLowerCase();
	return inScope(db, { kind: 'system' }, async (tx) => {
		const blocked = await loginBlockedUntil(tx, email, input.clientAddress, now);
		if (blocked) return { kind: 'rate_limited', retryAt: blocked } as const;
		const [row] = await tx
			.select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt, lastStep: users.totpLastStep })
			.from(users)
			.where(eq(users.id, session.user.id))
			.for('update');
		const step = row?.secret ? checkTotp(row.secret, input.code, now.getTime()) : null;
		// a code is good once: a step at or before the last accepted one is a replay
		const ok = step !== null && (row?.lastStep === null || row?.lastStep === undefined || step > row.lastStep);
		await recordAttempt(tx, email, input.clientAddress, ok, now);
		if (!ok || !row) return { kind: 'invalid' } as const;
		await tx
			.update(users)
			.set({ totpLastStep: step, ...(row.enabledAt ? {} : { totpEnabledAt: now }) })
			.where(eq(users.id, session.user.id));
		await tx.update(sessions).set({ secondFactorDone: true }).where(eq(sessions.id, session.sessionId));
		const active = session.active;
		await recordAudit(
			tx,
			{ kind: 'user', userId: session.user.id, tenantId: active?.tenantId ?? '', role: active?.role ?? 'staff', label: email },
			{
				tenantId: active?.tenantId ?? null,
				action: 'login',
				entity: 'session',
				changes: row.enabledAt ? null : { secondFactor: 'enrolled' }
			}
		);
		return { kind: 'ok' } as const;
	});
}

// ---------------------------------------------------------------- invitations and password reset

/** Invites a person to the actor's office by e-mail (to the outbox). */
export async function invite(
	{ db, actor, mail, origin, locale }: { db: Db; actor: Actor; mail: MailSettings; origin: string; locale: Locale },
	input: { email: string; role: Role },
	now = new Date()
): Promise<void> {
	// administrators invite anyone; staff invite the contact persons of groups (role group_contact)
	const allowed = actor.kind === 'user' && (actor.role === 'admin' || (actor.role === 'staff' && input.role === 'group_contact'));
	if (!allowed) throw new AppError('forbidden', 'only administrators invite');
	const tenantId = actor.tenantId;
	await inScope(db, { kind: 'tenant', tenantId, userId: actor.userId }, async (tx) => {
		const [member] = await tx
			.select({ userId: memberships.userId })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.tenantId, tenantId), sql`lower(${users.email}) = ${input.email}`));
		if (member) throw new AppError('conflict', 'already a member', { field: 'email' });
		const [office] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
		const { token, id } = newToken();
		const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
		await tx
			.insert(accountTokens)
			.values({ id, purpose: 'invitation', email: input.email, tenantId, role: input.role, createdBy: actor.userId, expiresAt });
		await queueMail(tx, mail, {
			tenantId,
			template: 'invitation',
			locale,
			to: input.email,
			params: {
				office: office?.name ?? '',
				role: t(`role_${input.role}`, {}, locale),
				link: `${origin}/einladung/${token}`,
				expires: formatDateTime(expiresAt, locale, 'long')
			}
		});
		await recordAudit(tx, actor, { tenantId, action: 'invite', entity: 'membership', changes: { email: input.email, role: input.role } });
	});
}

export type PendingInvitation = { email: string; officeName: string; role: Role; accountExists: boolean };

async function openToken(tx: Tx, token: string, purpose: 'invitation' | 'password_reset', now: Date) {
	const [row] = await tx
		.select()
		.from(accountTokens)
		.where(
			and(
				eq(accountTokens.id, tokenId(token)),
				eq(accountTokens.purpose, purpose),
				isNull(accountTokens.usedAt),
				gt(accountTokens.expiresAt, now)
			)
		);
	return row;
}

export async function findInvitation(db: Db, token: string, now = new Date()): Promise<PendingInvitation | undefined> {
	return inScope(db, { kind: 'system' }, async (tx) => {
		const row = await openToken(tx, token, 'invitation', now);
		if (!row || !row.tenantId || !row.role || !isRole(row.role)) return undefined;
		const [office] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, row.tenantId));
		const [user] = await tx
			.select({ id: users.id })
			.from(users)
			.where(sql`lower(${users.email}) = ${row.email}`);
		return { email: row.email, officeName: office?.name ?? '', role: row.role, accountExists: !!user };
	});
}

/** Accepts an invitation: creates the account (or adds the role to an existing one). */
export async function acceptInvitation(db: Db, token: string, input: { name: string; password: string }, now = new Date()): Promise<void> {
	const passwordHash = await hashPassword(input.password);
	await inScope(db, { kind: 'system' }, async (tx) => {
		const row = await openToken(tx, token, 'invitation', now);
		if (!row || !row.tenantId || !row.role) throw new AppError('not_found', 'invitation not found or expired');
		const [existing] = await tx
			.select({ id: users.id })
			.from(users)
			.where(sql`lower(${users.email}) = ${row.email}`);
		const userId = existing?.id ?? (await createUserIn(tx, { email: row.email, name: input.name, passwordHash }));
		await tx.insert(memberships).values({ tenantId: row.tenantId, userId, role: row.role }).onConflictDoNothing();
		await tx.update(accountTokens).set({ usedAt: now }).where(eq(accountTokens.id, row.id));
		await recordAudit(
			tx,
			{ kind: 'system', label: row.email },
			{ tenantId: row.tenantId, action: 'create', entity: 'membership', entityId: userId, changes: { email: row.email, role: row.role } }
		);
	});
}

/** Sends a reset link if the account exists; says nothing either way (no account enumeration). */
export async function requestPasswordReset(
	{ db, mail, origin, locale }: { db: Db; mail: MailSettings; origin: string; locale: Locale },
	email: string,
	now = new Date()
): Promise<void> {
	await inScope(db, { kind: 'system' }, async (tx) => {
		const [user] = await tx
			.select({ id: users.id, disabledAt: users.disabledAt })
			.from(users)
			.where(sql`lower(${users.email}) = ${email}`);
		if (!user || user.disabledAt) return;
		const [open] = await tx
			.select({ n: count() })
			.from(accountTokens)
			.where(
				and(
					eq(accountTokens.userId, user.id),
					eq(accountTokens.purpose, 'password_reset'),
					gt(accountTokens.createdAt, new Date(now.getTime() - 3_600_000))
				)
			);
		if ((open?.n ?? 0) >= 3) return; // at most three mails an hour
		const [first] = await tx.select({ tenantId: memberships.tenantId }).from(memberships).where(eq(memberships.userId, user.id)).limit(1);
		const { token, id } = newToken();
		const expiresAt = new Date(now.getTime() + RESET_HOURS * 3_600_000);
		await tx
			.insert(accountTokens)
			.values({ id, purpose: 'password_reset', email, userId: user.id, tenantId: first?.tenantId ?? null, expiresAt, createdAt: now });
		await queueMail(tx, mail, {
			tenantId: first?.tenantId ?? null,
			template: 'password_reset',
			locale,
			to: email,
			params: { link: `${origin}/anmelden/passwort-neu/${token}`, expires: formatDateTime(expiresAt, locale, 'long') }
		});
	});
}

export async function resetTokenValid(db: Db, token: string, now = new Date()): Promise<boolean> {
	return inScope(db, { kind: 'system' }, async (tx) => (await openToken(tx, token, 'password_reset', now)) !== undefined);
}

/** Sets a new password from a reset link and ends all of the person's sessions. */
export async function resetPassword(db: Db, token: string, password: string, now = new Date()): Promise<void> {
	const passwordHash = await hashPassword(password);
	await inScope(db, { kind: 'system' }, async (tx) => {
		const row = await openToken(tx, token, 'password_reset', now);
		if (!row || !row.userId) throw new AppError('not_found', 'reset link not found or expired');
		await tx.update(users).set({ passwordHash }).where(eq(users.id, row.userId));
		await tx.update(accountTokens).set({ usedAt: now }).where(eq(accountTokens.id, row.id));
		await tx.delete(sessions).where(eq(sessions.userId, row.userId));
		await recordAudit(
			tx,
			{ kind: 'system', label: row.email },
			{ tenantId: row.tenantId, action: 'update', entity: 'password', entityId: row.userId }
		);
	});
}

// ---------------------------------------------------------------- the office's people

export type Member = { userId: string; name: string; email: string; role: Role; totpEnabled: boolean; since: Date };

/** The people of one office (tenant scope: row-level security keeps other offices out). */
export async function listMembers(db: Db, tenantId: string): Promise<Member[]> {
	const rows = await inScope(db, { kind: 'tenant', tenantId }, (tx) =>
		tx
			.select({
				userId: users.id,
				name: users.name,
				email: users.email,
				role: memberships.role,
				totpEnabledAt: users.totpEnabledAt,
				since: memberships.createdAt
			})
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(eq(memberships.tenantId, tenantId))
			.orderBy(asc(users.name))
	);
	return rows.flatMap((r) =>
		isRole(r.role)
			? [{ userId: r.userId, name: r.name, email: r.email, role: r.role, totpEnabled: r.totpEnabledAt !== null, since: r.since }]
			: []
	);
}

/** Removes a person from the actor's office; the last administrator cannot be removed. */
export async function removeMember({ db, actor }: { db: Db; actor: Actor }, userId: string): Promise<void> {
	if (actor.kind !== 'user' || actor.role !== 'admin') throw new AppError('forbidden', 'only administrators remove people');
	await inScope(db, { kind: 'tenant', tenantId: actor.tenantId, userId: actor.userId }, async (tx) => {
		const [target] = await tx
			.select({ role: memberships.role })
			.from(memberships)
			.where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.userId, userId)));
		if (!target) throw new AppError('not_found', 'not a member');
		if (target.role === 'admin') {
			const [admins] = await tx
				.select({ n: count() })
				.from(memberships)
				.where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.role, 'admin')));
			if ((admins?.n ?? 0) <= 1) throw new AppError('conflict', 'last administrator');
		}
		await tx.delete(memberships).where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.userId, userId)));
		await recordAudit(tx, actor, {
			tenantId: actor.tenantId,
			action: 'delete',
			entity: 'membership',
			entityId: userId,
			changes: { role: target.role }
		});
	});
}

/** Housekeeping: expired sessions, old login attempts and spent tokens. */
export async function purgeExpired(db: Db, now = new Date()): Promise<void> {
	await inScope(db, { kind: 'system' }, async (tx) => {
		await tx.delete(sessions).where(lt(sessions.expiresAt, now));
		await tx.delete(loginAttempts).where(lt(loginAttempts.at, new Date(now.getTime() - 86_400_000)));
		await tx.delete(accountTokens).where(lt(accountTokens.expiresAt, new Date(now.getTime() - 30 * 86_400_000)));
	});
}
