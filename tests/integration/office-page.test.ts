import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { useDatabase, setupOffice } from './fixtures.js';
import { personIn, seriesInput, setGroupColumns, topicId } from './groups-fixtures.js';
import type { Database } from '../../src/lib/server/db/client.js';
import { inScope, systemScope } from '../../src/lib/server/db/scope.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { createOfficeIn } from '../../src/lib/server/modules/tenants/tenants.service.js';
import { tenants } from '../../src/lib/server/modules/tenants/tenants.table.js';
import { groups } from '../../src/lib/server/modules/groups/groups.table.js';
import { createGroup, emptyGroupRecord, type GroupRecord, type UserActor } from '../../src/lib/server/modules/groups/groups.service.js';
import { saveSeries } from '../../src/lib/server/modules/groups/meetings.service.js';
import { isPublicGroup } from '../../src/lib/server/modules/directory/public-group.js';
import { officePage, telHref, websiteHref, OFFICE_GROUPS_PAGE_SIZE } from '../../src/lib/server/modules/directory/office-page.service.js';
import {
	renderRobots,
	renderSitemapIndex,
	renderUrlSet,
	sitemapPart,
	sitemapParts,
	SITEMAP_PAGES_PER_PART,
	STATIC_PATHS,
	type SitemapEntry
} from '../../src/lib/server/modules/directory/sitemap.service.js';
import { newOffice, type OfficeInput } from '../../src/lib/schemas/office.js';

// The route handlers read the database and the public origin from the process runtime; here it is
// this file's test database (the runtime holder is replaced, the database is real).
const holder = vi.hoisted(() => ({ runtime: undefined as unknown }));
vi.mock('../../src/lib/server/runtime.js', () => ({
	runtime: () => {
		if (!holder.runtime) throw new Error('runtime not started');
		return holder.runtime;
	}
}));

const ORIGIN = 'https://wegweiser.example';
const JUNE = new Date('2026-06-01T08:00:00Z');
const BULK = 2_000;

async function office(
	database: Database,
	name: string,
	values: Partial<OfficeInput> & { parentId?: string | null; published?: boolean; kind?: OfficeInput['kind'] } = {}
) {
	return inScope(database.db, systemScope, (tx) =>
		createOfficeIn(tx, systemActor('test'), { ...newOffice(name, values.kind ?? 'contact_point', 'HB'), ...values })
	);
}

/** Every group as the public rule sees it, independent of the services' queries (the oracle). */
async function publicSlugsByRule(database: Database, officeId?: string): Promise<string[]> {
	const rows = await inScope(database.db, systemScope, (tx) =>
		tx
			.select({
				slug: groups.slug,
				tenantId: groups.tenantId,
				moderation: groups.moderation,
				lifecycle: groups.lifecycle,
				officePublished: tenants.published
			})
			.from(groups)
			.innerJoin(tenants, eq(tenants.id, groups.tenantId))
	);
	return rows
		.filter((row) => (!officeId || row.tenantId === officeId) && isPublicGroup(row, row.officePublished))
		.map((row) => row.slug)
		.sort();
}

describe('contact-point pages and sitemap (DIR-6, DIR-9)', () => {
	const db = useDatabase();
	let staff: UserActor;
	let homeSlug: string;
	let homeId: string;
	let bigId: string;
	let bigSlug: string;
	const slugs: Record<string, string> = {};

	const record = (name: string, extra: Partial<GroupRecord> = {}): GroupRecord => ({ ...emptyGroupRecord(name), ...extra });

	beforeAll(async () => {
		const database = db.get();
		const first = await setupOffice(database);
		homeId = first.office.id;
		homeSlug = first.office.slug;
		await inScope(database.db, systemScope, (tx) =>
			tx
				.update(tenants)
				.set({
					street: 'Am Markt 3',
					postalCode: '28195',
					city: 'Bremen',
					phone: '0421 / 55 66-7',
					email: 'kontakt@kontaktstelle.example',
					website: 'www.kontaktstelle.example',
					openingHours: 'Mo–Do 9–16 Uhr\nFr 9–12 Uhr',
					consultationHours: 'Di 16–19 Uhr\nnach Vereinbarung'
				})
				.where(eq(tenants.id, homeId))
		);
		staff = await personIn(database, homeId, 'team@example.org');
		const ctx = { db: database.db, actor: staff, now: JUNE };
		const alcohol = await topicId(database, 'alkoholabhaengigkeit');
		const depression = await topicId(database, 'depression');

		const make = async (key: string, name: string, options: Parameters<typeof createGroup>[2] = {}, extra: Partial<GroupRecord> = {}) => {
			const created = await createGroup(ctx, record(name, extra), options);
			slugs[key] = created.slug;
			return created.id;
		};
		const talk = await make('talk', 'Trockene Zeiten – Gesprächskreis', {}, { topicIds: [alcohol] });
		await saveSeries(ctx, talk, null, seriesInput({ postalCode: '28195', city: 'Bremen' }));
		await saveSeries(ctx, talk, null, seriesInput({ locationKind: 'online', postalCode: '', street: '' }));
		const hidden = await make(
			'hiddenPlace',
			'angehörige psychisch Erkrankter',
			{},
			{ topicIds: [depression], addressVisibility: 'hidden' }
		);
		await saveSeries(ctx, hidden, null, seriesInput({ postalCode: '28195' }));
		await make('paused', 'Borderline Austausch', { lifecycle: 'paused' });
		await make('founding', 'Junge Eltern in Gründung', { lifecycle: 'founding' });
		await make('draft', 'Entwurf einer Gruppe', { draft: true });
		await make('interest', 'Erst ein Interesse', { lifecycle: 'interest' });
		await make('dissolved', 'Aufgelöste Gruppe', { lifecycle: 'dissolved' });
		const hiddenGroup = await make('hidden', 'Versteckte Gruppe');
		await setGroupColumns(database, hiddenGroup, { moderation: 'hidden' });
		const review = await make('review', 'Gruppe in Prüfung');
		await setGroupColumns(database, review, { moderation: 'review' });

		// offices below the first: one published, one not
		const child = await office(database, 'Selbsthilfe-Büro Vegesack', { parentId: homeId, published: true, city: 'Bremen-Vegesack' });
		slugs.childOffice = child.slug;
		const hiddenChild = await office(database, 'Noch nicht veröffentlicht', { parentId: homeId, published: false });
		slugs.hiddenOffice = hiddenChild.slug;
		// a published group of an unpublished office is not public
		const hiddenStaff = await personIn(database, hiddenChild.id, 'verborgen@example.org');
		const orphan = await createGroup({ db: database.db, actor: hiddenStaff, now: JUNE }, record('Gruppe einer unveröffentlichten Stelle'));
		slugs.orphan = orphan.slug;

		// an office at scale: 2,000 groups, every tenth hidden
		const big = await office(database, 'Kontaktstelle Großstadt', { published: true, postalCode: '28199', city: 'Bremen' });
		bigId = big.id;
		bigSlug = big.slug;
		await inScope(database.db, systemScope, (tx) =>
			tx.insert(groups).values(
				Array.from({ length: BULK }, (_, i) => {
					const n = String(i).padStart(4, '0');
					return {
						tenantId: big.id,
						slug: `massengruppe-${n}`,
						name: `Gesprächskreis ${n}`,
						dedupeKey: `gespraechskreis ${n}`,
						moderation: i % 10 === 9 ? 'hidden' : 'published',
						lifecycle: 'active',
						updatedAt: new Date(JUNE.getTime() + i * 1000)
					};
				})
			)
		);
		holder.runtime = { database, config: { origin: ORIGIN } };
	});

	describe('the office page (DIR-6)', () => {
		it('shows a published office with its contact data, hours as typed and links that work', async () => {
			const page = await officePage({ db: db.get().db }, { slug: homeSlug });
			expect(page.office).toMatchObject({
				name: 'Kontaktstelle Nordheide',
				kind: 'contact_point',
				street: 'Am Markt 3',
				postalCode: '28195',
				city: 'Bremen',
				telHref: 'tel:042155667',
				email: 'kontakt@kontaktstelle.example',
				websiteHref: 'https://www.kontaktstelle.example/',
				openingHours: 'Mo–Do 9–16 Uhr\nFr 9–12 Uhr',
				consultationHours: 'Di 16–19 Uhr\nnach Vereinbarung'
			});
			expect(page.office).not.toHaveProperty('published');
			expect(page.office).not.toHaveProperty('id');
		});

		it('answers not_found for an unknown office and for an office that is not published', async () => {
			await expect(officePage({ db: db.get().db }, { slug: 'gibt-es-nicht' })).rejects.toMatchObject({ code: 'not_found' });
			await expect(officePage({ db: db.get().db }, { slug: slugs.hiddenOffice! })).rejects.toMatchObject({ code: 'not_found' });
		});

		it('lists only the public groups of the office, alphabetically, with topics and town as the group allows', async () => {
			const page = await officePage({ db: db.get().db }, { slug: homeSlug });
			expect(page.groups.items.map((group) => group.name)).toEqual([
				'angehörige psychisch Erkrankter',
				'Borderline Austausch',
				'Junge Eltern in Gründung',
				'Trockene Zeiten – Gesprächskreis'
			]);
			expect(page.groups.total).toBe(4);
			expect([...page.groups.items.map((group) => group.slug)].sort()).toEqual(await publicSlugsByRule(db.get(), homeId));
			const talk = page.groups.items.find((group) => group.slug === slugs.talk)!;
			expect(talk.towns).toEqual(['Bremen']);
			expect(talk.online).toBe(true);
			expect(talk.topics.map((topic) => topic.labelDe)).toEqual(['Alkoholabhängigkeit']);
			const hidden = page.groups.items.find((group) => group.slug === slugs.hiddenPlace)!;
			expect(hidden.towns).toEqual([]);
			expect(hidden.onRequest).toBe(true);
			for (const key of ['draft', 'interest', 'dissolved', 'hidden', 'review', 'orphan']) {
				expect(
					page.groups.items.map((group) => group.slug),
					key
				).not.toContain(slugs[key]);
			}
		});

		it('names its published child offices and, on a child, its parent', async () => {
			const page = await officePage({ db: db.get().db }, { slug: homeSlug });
			expect(page.children.map((child) => child.slug)).toEqual([slugs.childOffice]);
			expect(page.parent).toBeNull();
			const child = await officePage({ db: db.get().db }, { slug: slugs.childOffice! });
			expect(child.parent).toMatchObject({ slug: homeSlug, name: 'Kontaktstelle Nordheide' });
			expect(child.groups).toMatchObject({ total: 0, page: 1, pageCount: 1, items: [] });
		});

		it(`pages through ${BULK} groups in ${BULK / OFFICE_GROUPS_PAGE_SIZE} steps, with a jump list, and refuses a page beyond the last`, async () => {
			const publicCount = BULK - BULK / 10;
			const pageCount = Math.ceil(publicCount / OFFICE_GROUPS_PAGE_SIZE);
			const started = performance.now();
			const first = await officePage({ db: db.get().db }, { slug: bigSlug });
			const firstMs = performance.now() - started;
			expect(first.groups).toMatchObject({ total: publicCount, page: 1, pageCount, pageSize: OFFICE_GROUPS_PAGE_SIZE });
			expect(first.groups.items).toHaveLength(OFFICE_GROUPS_PAGE_SIZE);
			expect(first.groups.items[0]!.name).toBe('Gesprächskreis 0000');
			expect(first.groups.items.map((group) => group.name)).not.toContain('Gesprächskreis 0009');
			expect(first.groups.ranges).toHaveLength(pageCount);
			expect(first.groups.ranges[1]).toEqual({ page: 2, first: first.groups.ranges[1]!.first, last: first.groups.ranges[1]!.last });

			const middle = await officePage({ db: db.get().db }, { slug: bigSlug, page: 20 });
			expect(middle.groups.items[0]!.name).toBe(first.groups.ranges[19]!.first);
			expect(middle.groups.items.at(-1)!.name).toBe(first.groups.ranges[19]!.last);
			const last = await officePage({ db: db.get().db }, { slug: bigSlug, page: pageCount });
			expect(last.groups.items).toHaveLength(publicCount - (pageCount - 1) * OFFICE_GROUPS_PAGE_SIZE);
			expect(last.groups.items.at(-1)!.name).toBe('Gesprächskreis 1998');

			// every public group appears exactly once over all pages
			const seen: string[] = [];
			for (let page = 1; page <= pageCount; page++) {
				seen.push(...(await officePage({ db: db.get().db }, { slug: bigSlug, page })).groups.items.map((group) => group.slug));
			}
			expect(new Set(seen).size).toBe(publicCount);
			expect(seen.sort()).toEqual(await publicSlugsByRule(db.get(), bigId));

			await expect(officePage({ db: db.get().db }, { slug: bigSlug, page: pageCount + 1 })).rejects.toMatchObject({
				code: 'not_found',
				details: { page: true }
			});
			await expect(officePage({ db: db.get().db }, { slug: bigSlug, page: 0 })).rejects.toMatchObject({ details: { page: true } });
			const warmStart = performance.now();
			await officePage({ db: db.get().db }, { slug: bigSlug, page: 20 });
			const warmMs = performance.now() - warmStart;
			console.info(
				`office page with ${publicCount} public groups: first page ${firstMs.toFixed(1)} ms, page 20 warm ${warmMs.toFixed(1)} ms (${db.get().kind})`
			);
		});

		it('links a website only when it is a web address, and a phone only when it has digits', () => {
			expect(websiteHref('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
			expect(websiteHref('beispiel.de')).toBe('https://beispiel.de/');
			expect(websiteHref('javascript:alert(1)')).toBeNull();
			expect(websiteHref('siehe Aushang')).toBeNull();
			expect(telHref('+49 421 12 34')).toBe('tel:+494211234');
			expect(telHref('auf Anfrage')).toBeNull();
		});
	});

	describe('sitemap and robots.txt (DIR-9)', () => {
		const allEntries = async (pagesPerPart: number) => {
			const parts = await sitemapParts({ db: db.get().db }, { pagesPerPart });
			const entries: SitemapEntry[][] = [];
			for (const { part } of parts) entries.push((await sitemapPart({ db: db.get().db }, part, { pagesPerPart }))!);
			return { parts, entries };
		};

		it('lists every public page once across its parts, and never an unpublished group or office', async () => {
			const size = 400;
			const started = performance.now();
			const { parts, entries } = await allEntries(size);
			const ms = performance.now() - started;
			const paths = entries.flat().map((entry) => entry.path);
			const offices = [homeSlug, slugs.childOffice!, bigSlug].map((slug) => `/kontaktstellen/${slug}`).sort();
			const groupPaths = (await publicSlugsByRule(db.get())).map((slug) => `/gruppen/${slug}`);
			expect(paths).toHaveLength(new Set(paths).size);
			expect([...paths].sort()).toEqual([...STATIC_PATHS, ...offices, ...groupPaths].sort());
			expect(parts.map((part) => part.part)).toEqual(Array.from({ length: Math.ceil(paths.length / size) }, (_, i) => i + 1));
			for (const part of entries) expect(part.length).toBeLessThanOrEqual(size);
			for (const key of ['draft', 'interest', 'dissolved', 'hidden', 'review', 'orphan'])
				expect(paths, key).not.toContain(`/gruppen/${slugs[key]}`);
			expect(paths).not.toContain(`/kontaktstellen/${slugs.hiddenOffice}`);
			expect(paths).toContain(`/gruppen/${slugs.paused}`);
			expect(paths).toContain(`/gruppen/${slugs.founding}`);
			expect(await sitemapPart({ db: db.get().db }, parts.length + 1, { pagesPerPart: size })).toBeNull();
			expect(await sitemapPart({ db: db.get().db }, 0, { pagesPerPart: size })).toBeNull();
			console.info(
				`sitemap: ${paths.length} pages in ${parts.length} parts of ${size}, all read in ${ms.toFixed(0)} ms (${db.get().kind})`
			);
		});

		it('dates each page by its last change and each part by its newest page', async () => {
			const { parts, entries } = await allEntries(400);
			const group = entries.flat().find((entry) => entry.path === '/gruppen/massengruppe-0100')!;
			expect(group.lastmod).toEqual(new Date(JUNE.getTime() + 100_000));
			const big = entries.flat().find((entry) => entry.path === `/kontaktstellen/${bigSlug}`)!;
			// an office page changes with its groups
			expect(big.lastmod!.getTime()).toBeGreaterThanOrEqual(JUNE.getTime() + (BULK - 1) * 1000);
			expect(entries.flat().find((entry) => entry.path === '/')!.lastmod).toBeNull();
			parts.forEach((part, i) => {
				const newest = Math.max(...entries[i]!.map((entry) => entry.lastmod?.getTime() ?? 0));
				expect(part.lastmod?.getTime() ?? 0, `part ${part.part}`).toBe(newest);
			});
		});

		it('stays within the protocol limits: at most 50,000 addresses in a part, however they are counted', async () => {
			// each page: a German and an English <url>, each with three alternates
			expect(SITEMAP_PAGES_PER_PART * 2 * 4).toBeLessThanOrEqual(50_000);
			const parts = await sitemapParts({ db: db.get().db });
			expect(parts).toHaveLength(1);
			const xml = renderUrlSet(ORIGIN, (await sitemapPart({ db: db.get().db }, 1))!);
			expect(xml.match(/<url>/g)!.length).toBe(2 * (STATIC_PATHS.length + 3 + (await publicSlugsByRule(db.get())).length));
			expect(Buffer.byteLength(xml)).toBeLessThan(50 * 1024 * 1024);
		});

		it('writes absolute addresses with German, English and x-default alternates', () => {
			const xml = renderUrlSet(ORIGIN, [
				{ path: '/', lastmod: null },
				{ path: '/gruppen/a-b', lastmod: new Date('2026-06-01T08:00:00.123Z') }
			]);
			expect(xml).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
			expect(xml).toContain(
				'<url><loc>https://wegweiser.example/gruppen/a-b</loc><lastmod>2026-06-01T08:00:00Z</lastmod>' +
					'<xhtml:link rel="alternate" hreflang="de" href="https://wegweiser.example/gruppen/a-b"/>' +
					'<xhtml:link rel="alternate" hreflang="en" href="https://wegweiser.example/en/gruppen/a-b"/>' +
					'<xhtml:link rel="alternate" hreflang="x-default" href="https://wegweiser.example/gruppen/a-b"/></url>'
			);
			expect(xml).toContain('<url><loc>https://wegweiser.example/en/gruppen/a-b</loc>');
			expect(xml).toContain('<loc>https://wegweiser.example/</loc>');
			expect(xml).toContain('<loc>https://wegweiser.example/en</loc>');
			const index = renderSitemapIndex(`${ORIGIN}/`, [
				{ part: 1, lastmod: new Date('2026-06-01T08:00:00Z') },
				{ part: 2, lastmod: null }
			]);
			expect(index).toContain(
				'<sitemap><loc>https://wegweiser.example/sitemap-1.xml</loc><lastmod>2026-06-01T08:00:00Z</lastmod></sitemap>'
			);
			expect(index).toContain('<sitemap><loc>https://wegweiser.example/sitemap-2.xml</loc></sitemap>');
		});

		it('keeps crawlers out of the back office, sign-in, one-time links, the API and search results, and names the sitemap', () => {
			const robots = renderRobots(ORIGIN).split('\n');
			for (const path of [
				'/verwaltung',
				'/anmelden',
				'/einladung',
				'/einrichtung',
				'/abmelden',
				'/eintrag-bestaetigen',
				'/nachricht',
				'/api/'
			]) {
				expect(robots).toContain(`Disallow: ${path}`);
				expect(robots).toContain(`Disallow: /en${path}`);
			}
			expect(robots).toContain('Allow: /api/v1/openapi.json');
			expect(robots).toContain('Disallow: /gruppen?');
			expect(robots).toContain('Sitemap: https://wegweiser.example/sitemap.xml');
			expect(robots).not.toContain('Disallow: /gruppen');
			expect(robots).not.toContain('Disallow: /kontaktstellen');
		});
	});

	describe('routes', () => {
		const event = (params: Record<string, string>, path: string) => ({ params, url: new URL(path, 'http://127.0.0.1:3000') }) as never;

		it('serves the sitemap index, its parts and robots.txt with the configured public origin', async () => {
			const index = await import('../../src/routes/sitemap.xml/+server.js');
			const part = await import('../../src/routes/sitemap-[part].xml/+server.js');
			const robots = await import('../../src/routes/robots.txt/+server.js');
			const indexResponse = await index.GET(event({}, '/sitemap.xml'));
			expect(indexResponse.headers.get('content-type')).toContain('application/xml');
			expect(await indexResponse.text()).toContain('<loc>https://wegweiser.example/sitemap-1.xml</loc>');
			const partResponse = await part.GET(event({ part: '1' }, '/sitemap-1.xml'));
			const xml = await partResponse.text();
			expect(xml).toContain(`<loc>https://wegweiser.example/kontaktstellen/${homeSlug}</loc>`);
			expect(xml).not.toContain(`/gruppen/${slugs.draft}<`);
			for (const bad of ['2', '0', 'x', '01']) {
				await expect(part.GET(event({ part: bad }, `/sitemap-${bad}.xml`))).rejects.toMatchObject({ status: 404 });
			}
			const robotsText = await (await robots.GET(event({}, '/robots.txt'))).text();
			expect(robotsText).toContain('Sitemap: https://wegweiser.example/sitemap.xml');
		});

		it('loads an office page, and answers 404 for an unpublished office and a page beyond the list', async () => {
			const route = await import('../../src/routes/(public)/kontaktstellen/[slug]/+page.server.js');
			const data = (await route.load(event({ slug: bigSlug }, `/kontaktstellen/${bigSlug}?seite=2`))) as { groups: { page: number } };
			expect(data.groups.page).toBe(2);
			expect(route.csr).toBe(false);
			await expect(route.load(event({ slug: slugs.hiddenOffice! }, `/kontaktstellen/${slugs.hiddenOffice}`))).rejects.toMatchObject({
				status: 404,
				body: { message: expect.stringContaining('nicht (mehr) im Wegweiser') }
			});
			for (const seite of ['999', 'abc', '0']) {
				await expect(route.load(event({ slug: bigSlug }, `/kontaktstellen/${bigSlug}?seite=${seite}`))).rejects.toMatchObject({
					status: 404,
					body: { message: expect.stringContaining('nicht so viele Seiten') }
				});
			}
			await expect(route.load(event({ slug: 'Ungültig!' }, '/kontaktstellen/x'))).rejects.toMatchObject({ status: 404 });
		});
	});
});
