/**
 * The sitemap (DIR-9, discoverability): every public page in German and English, split into
 * numbered parts under a sitemap index so that no file comes near the protocol's limits
 * (50,000 URLs, 50 MB) even at 100,000 groups. Each part is read with one query per kind of page
 * (static pages, upcoming events, offices, groups), never one per group. Reads published data only,
 * in the system scope. Events (EVT-5) are listed while they are published and not over; a draft, a
 * cancelled and a past event are not (their pages exist, but are not worth a crawler's visit).
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { inScope, systemScope } from '../../db/scope.js';
import { groups } from '../groups/groups.table.js';
import { eventSessions, events } from '../events/events.table.js';
import { tenants } from '../tenants/tenants.table.js';
import { isPublicGroup } from './public-group.js';
import { publicGroupWhere } from './directory.repository.js';

/**
 * Pages per part. Each page is listed in German and English, each entry with three alternates
 * (de, en, x-default): a part holds at most 10,000 <url> entries and 40,000 addresses in all,
 * about 4.5 MB — under the limits however they are counted.
 */
export const SITEMAP_PAGES_PER_PART = 5_000;

/** Public pages that always exist, by their German path. */
export const STATIC_PATHS = ['/', '/gruppen', '/kontaktstellen', '/veranstaltungen', '/datenquellen', '/barrierefreiheit'] as const;

export type SitemapEntry = { path: string; lastmod: Date | null };
export type SitemapPart = { part: number; lastmod: Date | null };

/** `now` decides which events are upcoming. */
type Options = { pagesPerPart?: number; now?: Date };

/** The parts of the sitemap with the newest change in each (for the sitemap index). */
export async function sitemapParts({ db }: { db: Db }, options: Options = {}): Promise<SitemapPart[]> {
	const size = options.pagesPerPart ?? SITEMAP_PAGES_PER_PART;
	return inScope(db, systemScope, async (tx) => {
		const head = await headEntries(tx, options.now ?? new Date());
		const offices = await publishedOfficeEntries(tx);
		const before = head.length + offices.length;
		const parts = new Map<number, Date | null>();
		const note = (part: number, lastmod: Date | null) => {
			const known = parts.get(part) ?? null;
			parts.set(part, known && (!lastmod || known > lastmod) ? known : lastmod);
		};
		head.forEach((entry, index) => note(Math.floor(index / size) + 1, entry.lastmod));
		offices.forEach((office, index) => note(Math.floor((head.length + index) / size) + 1, office.lastmod));
		for (const row of await groupPartStats(tx, before, size)) note(row.part, row.lastmod);
		return [...parts.entries()].sort(([a], [b]) => a - b).map(([part, lastmod]) => ({ part, lastmod }));
	});
}

/** The pages of one part (1-based), or null when there is no such part. */
export async function sitemapPart({ db }: { db: Db }, part: number, options: Options = {}): Promise<SitemapEntry[] | null> {
	const size = options.pagesPerPart ?? SITEMAP_PAGES_PER_PART;
	if (!Number.isInteger(part) || part < 1) return null;
	const start = (part - 1) * size;
	const end = start + size;
	return inScope(db, systemScope, async (tx) => {
		const head = await headEntries(tx, options.now ?? new Date());
		const entries: SitemapEntry[] = head.slice(start, end);
		const officeCount = await countPublishedOffices(tx);
		const officeStart = head.length;
		const groupStart = officeStart + officeCount;
		if (start < groupStart && end > officeStart) {
			const offset = Math.max(0, start - officeStart);
			const offices = await publishedOfficeEntries(tx, { offset, limit: Math.min(end, groupStart) - officeStart - offset });
			entries.push(...offices.map((office) => ({ path: `/kontaktstellen/${office.slug}`, lastmod: office.lastmod })));
		}
		if (end > groupStart) {
			const offset = Math.max(0, start - groupStart);
			const rows = await publicGroupEntries(tx, { offset, limit: end - Math.max(start, groupStart) });
			entries.push(
				...rows
					.filter((row) => isPublicGroup(row, row.officePublished))
					.map((row) => ({ path: `/gruppen/${row.slug}`, lastmod: row.lastmod }))
			);
		}
		return entries.length || part === 1 ? entries : null;
	});
}

// ---- XML ----

const escapeXml = (value: string) =>
	value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** W3C datetime without milliseconds, e.g. 2026-06-01T08:00:00Z. */
const w3cDate = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The German and English address of a page (German without prefix, English under /en; no trailing slash but the root's). */
export function localizedUrls(origin: string, path: string): { de: string; en: string } {
	const base = origin.replace(/\/+$/, '');
	return { de: `${base}${path}`, en: `${base}/en${path === '/' ? '' : path}` };
}

export function renderSitemapIndex(origin: string, parts: SitemapPart[]): string {
	const base = origin.replace(/\/+$/, '');
	const lines = parts.map(
		({ part, lastmod }) =>
			`<sitemap><loc>${escapeXml(`${base}/sitemap-${part}.xml`)}</loc>${lastmod ? `<lastmod>${w3cDate(lastmod)}</lastmod>` : ''}</sitemap>`
	);
	return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join('\n')}\n</sitemapindex>\n`;
}

/** A part: every page in German and in English, each naming both versions and the German one as x-default. */
export function renderUrlSet(origin: string, entries: SitemapEntry[]): string {
	const lines: string[] = [];
	for (const entry of entries) {
		const urls = localizedUrls(origin, entry.path);
		const alternates =
			`<xhtml:link rel="alternate" hreflang="de" href="${escapeXml(urls.de)}"/>` +
			`<xhtml:link rel="alternate" hreflang="en" href="${escapeXml(urls.en)}"/>` +
			`<xhtml:link rel="alternate" hreflang="x-default" href="${escapeXml(urls.de)}"/>`;
		const lastmod = entry.lastmod ? `<lastmod>${w3cDate(entry.lastmod)}</lastmod>` : '';
		for (const loc of [urls.de, urls.en]) lines.push(`<url><loc>${escapeXml(loc)}</loc>${lastmod}${alternates}</url>`);
	}
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' +
		`${lines.join('\n')}\n</urlset>\n`
	);
}

// ---- robots.txt ----

/**
 * Paths crawlers should not fetch, each also under /en: the back office and sign-in, one-time links
 * (invitation, setup, confirmation, relay replies, a person's event registration and feedback
 * links), the API (but its OpenAPI document), the search result pages with their endless filter
 * combinations (each group is in the sitemap) and the calendar feeds.
 */
const DISALLOWED = [
	'/verwaltung',
	'/anmelden',
	'/abmelden',
	'/einladung',
	'/einrichtung',
	'/eintrag-bestaetigen',
	'/nachricht',
	'/veranstaltungen/anmeldung/',
	'/veranstaltungen/rueckmeldung/',
	'/intern/',
	'/api/',
	'/gruppen?',
	'/*.ics$'
];

export function renderRobots(origin: string): string {
	const base = origin.replace(/\/+$/, '');
	const lines = ['User-agent: *', 'Allow: /', 'Allow: /api/v1/openapi.json'];
	for (const path of DISALLOWED) lines.push(`Disallow: ${path}`, ...(path.startsWith('/*') ? [] : [`Disallow: /en${path}`]));
	lines.push('', `Sitemap: ${base}/sitemap.xml`);
	return `${lines.join('\n')}\n`;
}

// ---- queries (read-only, explicit columns) ----

/**
 * The pages before the offices: the static pages, then the upcoming published events by slug (a
 * programme has hundreds of upcoming events, not hundreds of thousands, so they are read whole).
 */
async function headEntries(tx: Queryable, now: Date): Promise<SitemapEntry[]> {
	const upcoming = await tx
		.select({ slug: events.slug, lastmod: events.updatedAt })
		.from(events)
		.where(
			and(
				eq(events.status, 'published'),
				sql`exists (select 1 from ${eventSessions} where ${eventSessions.eventId} = ${events.id} and ${eventSessions.endsAt} > ${now.toISOString()}::timestamptz)`
			)
		)
		.orderBy(asc(events.slug));
	return [
		...STATIC_PATHS.map((path) => ({ path, lastmod: null })),
		...upcoming.map((event) => ({ path: `/veranstaltungen/${event.slug}`, lastmod: event.lastmod }))
	];
}

async function countPublishedOffices(tx: Queryable): Promise<number> {
	const [row] = await tx.select({ n: count() }).from(tenants).where(eq(tenants.published, true));
	return Number(row?.n ?? 0);
}

/**
 * Published offices by slug. An office page changes with its own data and with its groups, so its
 * date is the newest of both (the index on groups (tenant_id, updated_at) answers each maximum).
 */
async function publishedOfficeEntries(tx: Queryable, range?: { offset: number; limit: number }) {
	const query = tx
		.select({
			slug: tenants.slug,
			lastmod:
				sql<Date>`greatest(${tenants.updatedAt}, (select max(g.updated_at) from ${groups} g where g.tenant_id = ${tenants.id}))`.mapWith(
					tenants.updatedAt
				)
		})
		.from(tenants)
		.where(eq(tenants.published, true))
		.orderBy(asc(tenants.slug));
	const rows = range ? await query.limit(Math.max(0, range.limit)).offset(range.offset) : await query;
	return rows;
}

/** One slice of the public groups by slug (the unique slug index gives the order). */
async function publicGroupEntries(tx: Queryable, range: { offset: number; limit: number }) {
	return tx
		.select({
			slug: groups.slug,
			lastmod: groups.updatedAt,
			moderation: groups.moderation,
			lifecycle: groups.lifecycle,
			officePublished: sql<boolean>`(select o.published from ${tenants} o where o.id = ${groups.tenantId})`
		})
		.from(groups)
		.where(publicGroupWhere())
		.orderBy(asc(groups.slug))
		.limit(Math.max(0, range.limit))
		.offset(range.offset);
}

/** Which part each public group falls into, and the newest change per part (one query over all groups). */
async function groupPartStats(tx: Queryable, before: number, size: number): Promise<{ part: number; lastmod: Date }[]> {
	const result = await tx.execute(sql`
		select part::int as part, to_char(max(updated_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as lastmod from (
			select (row_number() over (order by ${groups.slug}) - 1 + ${before}) / ${size} + 1 as part, ${groups.updatedAt} as updated_at
			from ${groups}
			where ${publicGroupWhere()}
		) numbered
		group by part
		order by part`);
	return rowsOf<{ part: number | string; lastmod: string }>(result).map((row) => ({
		part: Number(row.part),
		lastmod: new Date(row.lastmod)
	}));
}
