/**
 * The public page of a contact point (DIR-6): its address and hours, the offices below it, and the
 * public groups it supports, paged in alphabetical order (an office can have 2,000 groups).
 * Reads published data only, in the system scope (ADR 0004: public directory reads).
 */
import { publicGroupWhere } from './directory.repository.js';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { groups } from '../groups/groups.table.js';
import { seriesOf, topicsOf } from '../groups/groups.repository.js';
import { tenants } from '../tenants/tenants.table.js';
import { findOfficeById, findOfficeBySlug, listChildOffices, type Office } from '../tenants/tenants.repository.js';
import { isPublicGroup, publicPlace } from './public-group.js';

/** Groups per page of an office's list. */
export const OFFICE_GROUPS_PAGE_SIZE = 50;

/** An office as the public sees it: no internal flags, links ready to use. */
export type PublicOffice = {
	slug: string;
	name: string;
	kind: string;
	street: string;
	postalCode: string;
	city: string;
	federalState: string;
	phone: string;
	/** `tel:` link, digits and a leading + only; null without a usable number */
	telHref: string | null;
	email: string;
	website: string;
	/** an http(s) link for the website, or null when the entry is not a web address */
	websiteHref: string | null;
	openingHours: string;
	consultationHours: string;
};

export type OfficeLink = { slug: string; name: string; kind: string; city: string };

export type OfficeGroupItem = {
	slug: string;
	name: string;
	format: string;
	topics: { labelDe: string; labelEn: string }[];
	/** towns of its meeting places as the group allows them to be shown (distinct, in meeting order) */
	towns: string[];
	online: boolean;
	/** a meeting place is given only on request */
	onRequest: boolean;
};

export type OfficeGroupPage = {
	items: OfficeGroupItem[];
	total: number;
	page: number;
	pageSize: number;
	pageCount: number;
	/** every page with the first and last group name on it, to jump through a long list */
	ranges: { page: number; first: string; last: string }[];
};

export type OfficePage = {
	office: PublicOffice;
	parent: OfficeLink | null;
	children: OfficeLink[];
	groups: OfficeGroupPage;
};

/** A web address to link to: kept when it is http(s), prefixed with https:// when it looks like a host name. */
export function websiteHref(website: string): string | null {
	const value = website.trim();
	if (!value || /\s/.test(value)) return null;
	const candidate = /^https?:\/\//i.test(value) ? value : /^[a-z0-9-]+(\.[a-z0-9-]+)+([/?#].*)?$/i.test(value) ? `https://${value}` : null;
	if (!candidate) return null;
	try {
		const url = new URL(candidate);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
	} catch {
		return null;
	}
}

/** A `tel:` link from a phone number as typed ("0421 / 12 34-5" → "tel:042112345"). */
export function telHref(phone: string): string | null {
	const digits = phone.trim().replace(/[^+\d]/g, '');
	const normalised = digits.startsWith('+') ? `+${digits.slice(1).replace(/\+/g, '')}` : digits.replace(/\+/g, '');
	return /\d{3,}/.test(normalised) ? `tel:${normalised}` : null;
}

function publicOffice(office: Office): PublicOffice {
	return {
		slug: office.slug,
		name: office.name,
		kind: office.kind,
		street: office.street,
		postalCode: office.postalCode,
		city: office.city,
		federalState: office.federalState,
		phone: office.phone,
		telHref: telHref(office.phone),
		email: office.email,
		website: office.website,
		websiteHref: websiteHref(office.website),
		openingHours: office.openingHours,
		consultationHours: office.consultationHours
	};
}

const officeLink = (office: Office): OfficeLink => ({ slug: office.slug, name: office.name, kind: office.kind, city: office.city });

/**
 * The page of a published office with one page of its public groups. `not_found` for an unknown or
 * unpublished office, and with `details.page` for a page that does not exist (page 1 always does,
 * even without groups).
 */
export async function officePage({ db }: { db: Db }, input: { slug: string; page?: number; pageSize?: number }): Promise<OfficePage> {
	const pageSize = input.pageSize ?? OFFICE_GROUPS_PAGE_SIZE;
	const page = input.page ?? 1;
	return inScope(db, systemScope, async (tx) => {
		const office = await findOfficeBySlug(tx, input.slug);
		if (!office || !office.published) throw new AppError('not_found', 'office not found');
		const ranges = await pageRanges(tx, office.id, pageSize);
		const total = ranges.total;
		const pageCount = Math.max(1, Math.ceil(total / pageSize));
		if (!Number.isInteger(page) || page < 1 || page > pageCount) throw new AppError('not_found', 'no such page', { page: true, pageCount });
		const items = await groupPage(tx, office.id, (page - 1) * pageSize, pageSize);
		const parent = office.parentId ? await findOfficeById(tx, office.parentId) : undefined;
		const children = await listChildOffices(tx, office.id);
		return {
			office: publicOffice(office),
			parent: parent?.published ? officeLink(parent) : null,
			children: children.filter((child) => child.published).map(officeLink),
			groups: { items, total, page, pageSize, pageCount, ranges: ranges.pages }
		};
	});
}

// ---- queries (read-only, explicit columns) ----

/** How many public groups the office has, and the first and last name on each page (one query). */
async function pageRanges(tx: Queryable, officeId: string, pageSize: number) {
	const result = await tx.execute(sql`
		select rn::int as rn, total::int as total, name from (
			select ${groups.name} as name,
				row_number() over (order by lower(${groups.name}), ${groups.id}) as rn,
				count(*) over () as total
			from ${groups}
			where ${groups.tenantId} = ${officeId} and ${publicGroupWhere()}
		) numbered
		where (rn - 1) % ${pageSize} = 0 or rn % ${pageSize} = 0 or rn = total
		order by rn`);
	const rows = rowsOf<{ rn: number; total: number; name: string }>(result).map((row) => ({
		...row,
		rn: Number(row.rn),
		total: Number(row.total)
	}));
	const total = rows[0]?.total ?? 0;
	const pages = new Map<number, { page: number; first: string; last: string }>();
	for (const row of rows) {
		const page = Math.floor((row.rn - 1) / pageSize) + 1;
		const entry = pages.get(page) ?? { page, first: row.name, last: row.name };
		if ((row.rn - 1) % pageSize === 0) entry.first = row.name;
		entry.last = row.name;
		pages.set(page, entry);
	}
	return { total, pages: [...pages.values()] };
}

async function groupPage(tx: Queryable, officeId: string, offset: number, limit: number): Promise<OfficeGroupItem[]> {
	const rows = await tx
		.select({
			id: groups.id,
			slug: groups.slug,
			name: groups.name,
			format: groups.format,
			moderation: groups.moderation,
			lifecycle: groups.lifecycle,
			addressVisibility: groups.addressVisibility,
			officePublished: sql<boolean>`(select o.published from ${tenants} o where o.id = ${groups.tenantId})`
		})
		.from(groups)
		.where(and(eq(groups.tenantId, officeId), publicGroupWhere()))
		.orderBy(sql`lower(${groups.name})`, asc(groups.id))
		.limit(limit)
		.offset(offset);
	const visible = rows.filter((row) => isPublicGroup(row, row.officePublished));
	const ids = visible.map((row) => row.id);
	const [series, topics] = ids.length ? [await seriesOf(tx, ids), await topicsOf(tx, ids)] : [[], []];
	return visible.map((row) => {
		const places = series.filter((s) => s.groupId === row.id).map((s) => publicPlace(s, row.addressVisibility));
		const towns = [
			...new Set(
				places.flatMap((place) => (place.kind === 'address' && (place.city || place.district) ? [place.city || place.district || ''] : []))
			)
		];
		return {
			slug: row.slug,
			name: row.name,
			format: row.format,
			topics: topics.filter((topic) => topic.groupId === row.id).map((topic) => ({ labelDe: topic.labelDe, labelEn: topic.labelEn })),
			towns,
			online: row.format === 'online' || row.format === 'hybrid' || places.some((place) => place.kind === 'online'),
			onRequest: towns.length === 0 && places.some((place) => place.kind === 'on_request')
		};
	});
}
