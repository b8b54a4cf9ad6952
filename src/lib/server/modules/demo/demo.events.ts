import { randomUUID } from 'node:crypto';
import { and, eq, inArray, like, or } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Actor } from '../../auth/actor.js';
import { tokenId } from '../../auth/crypto.js';
import { recordAudit } from '../audit/audit.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { slugify } from '../tenants/tenants.service.js';
import { topics } from '../topics/topics.table.js';
import { today } from '../groups/groups.service.js';
import { roomBookings, rooms } from '../rooms/rooms.table.js';
import {
	eventFeedback,
	eventRegistrations,
	eventSessions,
	eventSpeakers,
	eventTopics,
	events,
	programmes,
	speakers,
	type EventAudience,
	type EventFormat,
	type EventKind
} from '../events/events.table.js';
import {
	addDays,
	isHoliday,
	wallTimeToInstant,
	weekdayOf,
	type FederalState,
	type IsoDate,
	type Weekday
} from '../../../recurrence/index.js';

/**
 * A year's programme for the demo (the `demo` command, EVT-1 … EVT-5): the state office's programme
 * "Gemeinsam stark" with its own trainings and online talks, and the contact point's talks,
 * workshops, a training series and its self-help day — in person in its rooms (each session booked
 * in the room, as an event in a room holds it), online or hybrid — from ten months ago to half a
 * year ahead. The past events have their registrations, attendance and feedback; the coming ones
 * have registrations, one is full with a waitlist and a place offered to the first on it, one has
 * closed its registration, one opens it later, one is cancelled and one is still a draft.
 *
 * Everything is invented: speakers, participants (addresses on example.org and example.net) and
 * comments. The same `now` gives the same dates; a person's link works (its hash is the
 * installation's signature, as registration stores it), so the e-mails the jobs send later carry
 * working links. An office that already has events is left as it is.
 */

type Owner = 'office' | 'state';
type Where =
	| { room: 'hall' | 'group_room'; format: 'in_person' | 'hybrid' }
	| { venue: string; postalCode: string; city: string; format: 'in_person' | 'hybrid' }
	| { format: 'online' };

type DemoEvent = {
	owner: Owner;
	title: string;
	description: string;
	kind: EventKind;
	audiences: EventAudience[];
	where: Where;
	/** days from today to the first session (moved to the weekday, past holidays and taken room dates) */
	inDays: number;
	weekday: Weekday;
	startTime: string;
	endTime: string;
	/** one session unless a series: weekly sessions with their titles */
	parts?: string[];
	capacity: number | null;
	fee?: string;
	accessibility?: string;
	programme?: boolean;
	speakers?: number[];
	topics?: string[];
	extraFields?: { key: string; label: string; purpose: string; required: boolean }[];
	status?: 'draft' | 'cancelled';
	cancelReason?: string;
	/** registration opens or closes relative to now, in days */
	opensInDays?: number;
	closedDaysAgo?: number;
	/** how many registered (confirmed while places last, then the waitlist); cancelled ones besides */
	registrations: number;
	cancelled?: number;
	/** the first on the waitlist has been offered a freed place */
	offered?: boolean;
};

const SPEAKERS: { owner: Owner; name: string; topics: string; email: string; phone: string; notes: string }[] = [
	{
		owner: 'office',
		name: 'Dr. Ulrike Beispiel',
		topics: 'Angst, Depression, seelische Gesundheit im Alltag',
		email: 'u.beispiel@example.net',
		phone: '01234 567800',
		notes: 'Psychologische Psychotherapeutin; spricht gern abends, Honorar nach Absprache.'
	},
	{
		owner: 'office',
		name: 'Markus Probst',
		topics: 'Gesprächsführung, Konflikte in Gruppen, Gruppenleitung',
		email: 'markus.probst@example.net',
		phone: '',
		notes: 'Sozialarbeiter und Supervisor; leitet die Fortbildung für Gruppensprecher*innen.'
	},
	{
		owner: 'office',
		name: 'Selin Musterfrau',
		topics: 'Trauer, Abschied, Achtsamkeit',
		email: 'selin.musterfrau@example.net',
		phone: '01234 567801',
		notes: 'Trauerbegleiterin; Vorträge auch auf Türkisch.'
	},
	{
		owner: 'office',
		name: 'Thomas Fiktiv',
		topics: 'Sucht, Angehörige suchtkranker Menschen',
		email: 't.fiktiv@example.net',
		phone: '',
		notes: 'Suchtberater einer (erfundenen) Beratungsstelle.'
	},
	{
		owner: 'state',
		name: 'Katrin Erfunden',
		topics: 'Datenschutz, Online-Treffen, Öffentlichkeitsarbeit',
		email: 'k.erfunden@example.net',
		phone: '',
		notes: 'Referentin der Landesstelle für digitale Selbsthilfe.'
	},
	{
		owner: 'state',
		name: 'Jürgen Ausgedacht',
		topics: 'Förderung der Selbsthilfe, Anträge an die Krankenkassen',
		email: 'j.ausgedacht@example.net',
		phone: '01234 567802',
		notes: 'Im Ruhestand; kennt die Förderrichtlinien gut.'
	}
];

const STATE_VENUE = { venue: 'Haus der Vereine, Saal 2, Musterstraße 3', postalCode: '30159', city: 'Musterstadt' };

const EVENTS: DemoEvent[] = [
	// ---- the past: attendance marked, feedback given
	{
		owner: 'office',
		title: 'Selbsthilfe – was ist das? Ein Abend zum Kennenlernen',
		description:
			'Wie arbeitet eine Selbsthilfegruppe, was passiert beim ersten Treffen, und wie finde ich die passende Gruppe? Mitglieder aus drei Gruppen erzählen, die Kontaktstelle beantwortet Fragen.',
		kind: 'talk',
		audiences: ['public'],
		where: { room: 'hall', format: 'in_person' },
		inDays: -300,
		weekday: 2,
		startTime: '18:00',
		endTime: '20:00',
		capacity: 40,
		accessibility: 'Stufenloser Zugang, Induktionsschleife im Saal.',
		speakers: [0],
		registrations: 24,
		cancelled: 2
	},
	{
		owner: 'office',
		title: 'Gut ins Gespräch kommen: Gesprächsführung in Gruppen',
		description:
			'Ein Workshop für alle, die in ihrer Gruppe Gespräche anleiten: Wie gebe ich allen Raum, wie gehe ich mit Vielrednern um, wie beende ich ein Treffen gut?',
		kind: 'workshop',
		audiences: ['group_members', 'group_leaders'],
		where: { room: 'group_room', format: 'in_person' },
		inDays: -240,
		weekday: 5,
		startTime: '15:00',
		endTime: '18:00',
		capacity: 12,
		programme: true,
		speakers: [1],
		registrations: 12,
		cancelled: 1
	},
	{
		owner: 'office',
		title: 'Gruppenleitung kompakt',
		description:
			'Vier Nachmittage für neue Gruppensprecher*innen: Rollen in der Gruppe, Gesprächsregeln, schwierige Situationen, Gruppe und Öffentlichkeit. Die Teilnahme an allen Terminen ist erwünscht.',
		kind: 'training_series',
		audiences: ['group_leaders'],
		where: { room: 'group_room', format: 'in_person' },
		inDays: -180,
		weekday: 5,
		startTime: '15:00',
		endTime: '18:00',
		parts: ['Rollen in der Gruppe', 'Gesprächsregeln', 'Schwierige Situationen', 'Gruppe und Öffentlichkeit'],
		capacity: 12,
		programme: true,
		speakers: [1],
		registrations: 11
	},
	{
		owner: 'office',
		title: 'Selbsthilfetag im Frühjahr',
		description:
			'Selbsthilfegruppen aus Musterstadt stellen sich vor: Infotische, kurze Vorträge und Gespräche. Für alle, die eine Gruppe suchen oder einfach neugierig sind.',
		kind: 'self_help_day',
		audiences: ['public', 'group_members'],
		where: { room: 'hall', format: 'in_person' },
		inDays: -120,
		weekday: 5,
		startTime: '10:00',
		endTime: '16:00',
		capacity: null,
		programme: true,
		accessibility: 'Stufenloser Zugang, barrierefreie Toilette, Induktionsschleife.',
		registrations: 30
	},
	{
		owner: 'state',
		title: 'Datenschutz in der Selbsthilfegruppe',
		description: 'Was darf auf die Teilnehmerliste, wie verschicke ich Einladungen, was gilt für Fotos? Ein Online-Vortrag mit Fragerunde.',
		kind: 'talk',
		audiences: ['group_leaders', 'group_members'],
		where: { format: 'online' },
		inDays: -90,
		weekday: 3,
		startTime: '18:30',
		endTime: '20:00',
		capacity: 50,
		programme: true,
		speakers: [4],
		registrations: 26,
		cancelled: 3
	},
	{
		owner: 'state',
		title: 'Förderung beantragen: Pauschal- und Projektförderung der Krankenkassen',
		description:
			'Wie stellt eine Gruppe einen Antrag, welche Kosten sind förderfähig, welche Fristen gelten? Mit Beispielen und Zeit für eigene Fragen.',
		kind: 'workshop',
		audiences: ['group_leaders'],
		where: { ...STATE_VENUE, format: 'in_person' },
		inDays: -60,
		weekday: 6,
		startTime: '10:00',
		endTime: '14:00',
		capacity: 20,
		programme: true,
		speakers: [5],
		registrations: 17
	},
	{
		owner: 'office',
		title: 'Trauer braucht Zeit',
		description:
			'Ein Abend über Trauer nach dem Tod eines nahen Menschen: was hilft, was nicht, und wie Gruppen tragen können. Im Saal und online.',
		kind: 'talk',
		audiences: ['public'],
		where: { room: 'hall', format: 'hybrid' },
		inDays: -45,
		weekday: 2,
		startTime: '18:00',
		endTime: '20:00',
		capacity: 35,
		speakers: [2],
		topics: ['anhaltende-trauer'],
		registrations: 21,
		cancelled: 1
	},
	// ---- coming
	{
		owner: 'office',
		title: 'Infoabend: Eine Selbsthilfegruppe gründen',
		description: 'Sie möchten eine Gruppe gründen? Die Kontaktstelle erklärt die ersten Schritte: Raum, Einladung, erstes Treffen.',
		kind: 'talk',
		audiences: ['public'],
		where: { room: 'hall', format: 'in_person' },
		inDays: 5,
		weekday: 2,
		startTime: '17:30',
		endTime: '19:00',
		capacity: 25,
		closedDaysAgo: 1,
		registrations: 9
	},
	{
		owner: 'office',
		title: 'Angst verstehen – Wege aus der Angst',
		description:
			'Was im Körper bei Angst passiert, warum Vermeiden sie größer macht und was Betroffenen hilft. Mit einem Bericht aus einer Angst-Selbsthilfegruppe.',
		kind: 'talk',
		audiences: ['public'],
		where: { room: 'hall', format: 'in_person' },
		inDays: 9,
		weekday: 2,
		startTime: '18:00',
		endTime: '20:00',
		capacity: 40,
		accessibility: 'Stufenloser Zugang, Induktionsschleife im Saal.',
		speakers: [0],
		topics: ['angststoerungen', 'soziale-angststoerung'],
		registrations: 18,
		cancelled: 1
	},
	{
		owner: 'office',
		title: 'Achtsamkeit im Alltag – ein Workshop',
		description: 'Einfache Übungen für Ruhe im Alltag, die sich auch in der Gruppe anleiten lassen. Bitte bequeme Kleidung mitbringen.',
		kind: 'workshop',
		audiences: ['group_members', 'public'],
		where: { room: 'group_room', format: 'in_person' },
		inDays: 16,
		weekday: 5,
		startTime: '15:00',
		endTime: '18:00',
		capacity: 12,
		fee: '5 € (ermäßigt frei)',
		speakers: [2],
		topics: ['burnout'],
		registrations: 16,
		cancelled: 1,
		offered: true
	},
	{
		owner: 'state',
		title: 'Online-Treffen sicher gestalten',
		description:
			'Welche Werkzeuge eignen sich für Gruppentreffen im Netz, wie schütze ich die Vertraulichkeit, wie gelingt ein gemischtes Treffen?',
		kind: 'talk',
		audiences: ['group_leaders', 'group_members'],
		where: { format: 'online' },
		inDays: 23,
		weekday: 3,
		startTime: '18:30',
		endTime: '20:00',
		capacity: 60,
		programme: true,
		speakers: [4],
		registrations: 20
	},
	{
		owner: 'office',
		title: 'Kochen für die Seele',
		description: 'Gemeinsam kochen und essen – ein Nachmittag für Mitglieder der Gruppen.',
		kind: 'workshop',
		audiences: ['group_members'],
		where: { room: 'group_room', format: 'in_person' },
		inDays: 30,
		weekday: 5,
		startTime: '15:00',
		endTime: '18:00',
		capacity: 10,
		status: 'cancelled',
		cancelReason: 'Die Referentin ist erkrankt. Wir holen den Termin im Herbst nach.',
		registrations: 6
	},
	{
		owner: 'office',
		title: 'Gruppen gut begleiten – Fortbildung für Gruppensprecher*innen',
		description:
			'Vier Nachmittage für Gruppensprecher*innen mit Erfahrung: Gruppenprozesse, Krisen in der Gruppe, Nachfolge regeln, Selbstfürsorge. Teil des Programms der Landesstelle.',
		kind: 'training_series',
		audiences: ['group_leaders'],
		where: { room: 'group_room', format: 'in_person' },
		inDays: 37,
		weekday: 5,
		startTime: '15:00',
		endTime: '18:00',
		parts: ['Gruppenprozesse', 'Krisen in der Gruppe', 'Nachfolge regeln', 'Selbstfürsorge'],
		capacity: 12,
		programme: true,
		speakers: [1],
		extraFields: [
			{
				key: 'gruppe',
				label: 'Welche Gruppe begleiten Sie?',
				purpose: 'Damit die Referentin Beispiele aus Ihren Themen wählen kann.',
				required: false
			}
		],
		registrations: 7
	},
	{
		owner: 'office',
		title: 'Pflegende Angehörige: Entlastung finden',
		description: 'Welche Hilfen gibt es, wie beantrage ich sie, und was bieten die Gruppen für pflegende Angehörige in Musterstadt?',
		kind: 'talk',
		audiences: ['public'],
		where: { room: 'hall', format: 'hybrid' },
		inDays: 58,
		weekday: 2,
		startTime: '18:00',
		endTime: '20:00',
		capacity: 40,
		topics: ['pflegende-angehoerige'],
		registrations: 11
	},
	{
		owner: 'state',
		title: 'Fachtag Selbsthilfe und Gesundheit',
		description:
			'Der jährliche Fachtag der Landesstelle: Vorträge, Austausch in Arbeitsgruppen und ein Markt der Möglichkeiten. Die Anmeldung beginnt in zehn Tagen.',
		kind: 'self_help_day',
		audiences: ['group_leaders', 'group_members', 'staff'],
		where: { ...STATE_VENUE, format: 'hybrid' },
		inDays: 65,
		weekday: 6,
		startTime: '10:00',
		endTime: '16:00',
		capacity: 80,
		programme: true,
		speakers: [5, 4],
		opensInDays: 10,
		registrations: 0
	},
	{
		owner: 'office',
		title: 'Selbsthilfetag Musterstadt',
		description:
			'Der Selbsthilfetag der Kontaktstelle: Gruppen stellen sich vor, Gespräche am Infotisch, kurze Vorträge im Saal. Eintritt frei, Anmeldung erwünscht.',
		kind: 'self_help_day',
		audiences: ['public', 'group_members'],
		where: { room: 'hall', format: 'in_person' },
		inDays: 100,
		weekday: 5,
		startTime: '10:00',
		endTime: '16:00',
		capacity: null,
		programme: true,
		accessibility: 'Stufenloser Zugang, barrierefreie Toilette, Induktionsschleife.',
		registrations: 8
	},
	{
		owner: 'office',
		title: 'Sucht und Familie',
		description: 'Ein Online-Abend für Angehörige suchtkranker Menschen: Was hilft mir selbst, und wo finde ich eine Gruppe?',
		kind: 'talk',
		audiences: ['public'],
		where: { format: 'online' },
		inDays: 140,
		weekday: 4,
		startTime: '19:00',
		endTime: '20:30',
		capacity: 25,
		speakers: [3],
		topics: ['angehoerige-suchtkranker-menschen', 'sucht'],
		registrations: 4
	},
	{
		owner: 'office',
		title: 'Gut schlafen – was hilft?',
		description: 'Ein Vortrag über Schlafstörungen, ihre Ursachen und was Betroffene selbst tun können.',
		kind: 'talk',
		audiences: ['public'],
		where: { room: 'hall', format: 'in_person' },
		inDays: 170,
		weekday: 2,
		startTime: '18:00',
		endTime: '19:30',
		capacity: 40,
		topics: ['schlafstoerungen'],
		registrations: 2
	},
	{
		owner: 'office',
		title: 'Sommerfest der Selbsthilfegruppen (in Planung)',
		description: 'Noch nicht veröffentlicht: Ort und Programm stehen noch nicht fest.',
		kind: 'group_meeting',
		audiences: ['group_members'],
		where: { venue: 'Stadtpark Musterstadt, Festwiese am Teich', postalCode: '30449', city: 'Musterstadt', format: 'in_person' },
		inDays: 200,
		weekday: 6,
		startTime: '14:00',
		endTime: '18:00',
		capacity: null,
		status: 'draft',
		registrations: 0
	}
];

const FIRST_NAMES = [
	'Anna',
	'Bernd',
	'Claudia',
	'Deniz',
	'Elke',
	'Frank',
	'Gül',
	'Hanna',
	'Ingo',
	'Jana',
	'Klaus',
	'Lea',
	'Mehmet',
	'Nina',
	'Olaf',
	'Petra',
	'Rainer',
	'Sabine',
	'Timo',
	'Ute',
	'Vera',
	'Walter',
	'Yasemin',
	'Zoe'
];
const LAST_NAMES = [
	'Beispiel',
	'Muster',
	'Probe',
	'Fiktiv',
	'Erfunden',
	'Ausgedacht',
	'Demo',
	'Testfeld',
	'Lindner-Muster',
	'Scheinberg',
	'Vorlage'
];

const COMMENTS = [
	'Sehr verständlich erklärt, danke!',
	'Gern mehr Zeit für Fragen.',
	'Die Beispiele aus den Gruppen haben mir am meisten geholfen.',
	'Der Raum war etwas warm, sonst alles gut.',
	'Ich nehme viel für unsere Gruppe mit.',
	'Bitte wiederholen, ich empfehle es weiter.'
];

const PROGRAMME = {
	slug: 'gemeinsam-stark-demoland',
	title: 'Gemeinsam stark – Fortbildungen und Fachtage der Selbsthilfe in Demoland',
	description:
		'Das Programm der Landesstelle für Gruppensprecher*innen, Gruppenmitglieder und Interessierte: Fortbildungen, Online-Vorträge und Fachtage, angeboten von der Landesstelle und den Kontaktstellen im Land.'
};

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Registration's link: the installation's signature of the registration's id (see registrations.service.ts). */
export type LinkSigner = (registrationId: string) => string;

/**
 * Inserts the demo programme, events, speakers, registrations and feedback inside the caller's
 * system-scope transaction (after the office's demo rooms exist) and says how many it made.
 * `tenantId` is the contact point, `stateId` the state office that publishes the programme.
 */
export async function loadDemoEvents(
	tx: Tx,
	actor: Actor,
	options: { tenantId: string; stateId: string; now: Date; link: LinkSigner }
): Promise<{ events: number; upcoming: number; registrations: number; feedback: number }> {
	const { tenantId, stateId, now, link } = options;
	const none = { events: 0, upcoming: 0, registrations: 0, feedback: 0 };
	const [existing] = await tx.select({ id: events.id }).from(events).where(eq(events.tenantId, tenantId)).limit(1);
	if (existing) return none;
	const [office] = await tx
		.select({
			name: tenants.name,
			street: tenants.street,
			postalCode: tenants.postalCode,
			city: tenants.city,
			federalState: tenants.federalState
		})
		.from(tenants)
		.where(eq(tenants.id, tenantId));
	if (!office) throw new Error(`office ${tenantId} not found`);
	const federalState = office.federalState as FederalState;
	const ownerOf = (owner: Owner) => (owner === 'state' ? stateId : tenantId);
	const todayIso = today(now);

	// the office's rooms, by the names the demo rooms have; without them, the events take place at the office's address
	const roomRows = await tx
		.select({ id: rooms.id, name: rooms.name, capacity: rooms.capacity })
		.from(rooms)
		.where(and(eq(rooms.tenantId, tenantId), inArray(rooms.name, ['Großer Saal', 'Gruppenraum 1'])));
	const roomOf = { hall: roomRows.find((r) => r.name === 'Großer Saal'), group_room: roomRows.find((r) => r.name === 'Gruppenraum 1') };

	const topicKeys = [...new Set(EVENTS.flatMap((event) => event.topics ?? []))];
	const topicRows = topicKeys.length
		? await tx.select({ id: topics.id, key: topics.key }).from(topics).where(inArray(topics.key, topicKeys))
		: [];
	const topicId = new Map(topicRows.map((row) => [row.key, row.id]));

	// the programme of the state office (shared by every demo office that loads it)
	let [programme] = await tx.select({ id: programmes.id }).from(programmes).where(eq(programmes.slug, PROGRAMME.slug));
	if (!programme)
		[programme] = await tx
			.insert(programmes)
			.values({ tenantId: stateId, ...PROGRAMME, published: true, createdAt: new Date(now.getTime() - 330 * DAY), updatedAt: now })
			.returning({ id: programmes.id });

	// the speakers: the office's, and the state office's once (another demo office finds them by name)
	const stateSpeakers = await tx
		.select({ id: speakers.id, name: speakers.name })
		.from(speakers)
		.where(
			and(
				eq(speakers.tenantId, stateId),
				inArray(
					speakers.name,
					SPEAKERS.filter((speaker) => speaker.owner === 'state').map((speaker) => speaker.name)
				)
			)
		);
	const speakerIds = SPEAKERS.map((speaker) =>
		speaker.owner === 'state' ? (stateSpeakers.find((row) => row.name === speaker.name)?.id ?? randomUUID()) : randomUUID()
	);
	const newSpeakers = SPEAKERS.map(({ owner, ...speaker }, i) => ({
		id: speakerIds[i]!,
		tenantId: ownerOf(owner),
		...speaker,
		createdAt: new Date(now.getTime() - 340 * DAY),
		updatedAt: now
	})).filter((speaker) => !stateSpeakers.some((row) => row.id === speaker.id));
	if (newSpeakers.length) await tx.insert(speakers).values(newSpeakers);

	// the dates: the weekday on or after the planned day, a week later where a holiday or another event of the room is in the way
	const taken = new Set<string>();
	const freeDate = (from: IsoDate, weekday: Weekday, room: string | null): IsoDate => {
		let date = from;
		while (weekdayOf(date) !== weekday) date = addDays(date, 1);
		while (isHoliday(date, federalState) || (room && taken.has(`${room}|${date}`))) date = addDays(date, 7);
		if (room) taken.add(`${room}|${date}`);
		return date;
	};

	const eventRows: (typeof events.$inferInsert)[] = [];
	const sessionRows: (typeof eventSessions.$inferInsert)[] = [];
	const bookingRows: (typeof roomBookings.$inferInsert)[] = [];
	const topicLinks: (typeof eventTopics.$inferInsert)[] = [];
	const speakerLinks: (typeof eventSpeakers.$inferInsert)[] = [];
	const registrationRows: (typeof eventRegistrations.$inferInsert)[] = [];
	const feedbackRows: (typeof eventFeedback.$inferInsert)[] = [];
	let person = 0;
	let upcoming = 0;

	for (const [index, plan] of EVENTS.entries()) {
		const id = randomUUID();
		const owner = ownerOf(plan.owner);
		const room = 'room' in plan.where ? (roomOf[plan.where.room] ?? null) : null;
		const format: EventFormat = plan.where.format;
		const parts = plan.parts ?? [''];
		const dates: IsoDate[] = [];
		for (const [n] of parts.entries())
			dates.push(freeDate(n === 0 ? addDays(todayIso, plan.inDays) : addDays(dates[n - 1]!, 7), plan.weekday, room?.id ?? null));
		const sessions = dates.map((date, n) => ({
			id: randomUUID(),
			title: parts[n]!,
			startsAt: wallTimeToInstant(date, plan.startTime),
			endsAt: wallTimeToInstant(date, plan.endTime)
		}));
		const first = sessions[0]!.startsAt;
		const last = sessions.at(-1)!.endsAt;
		const past = last < now;
		const status = plan.status ?? 'published';
		if (!past && status !== 'draft') upcoming++;
		const createdAt = new Date(Math.min(now.getTime() - DAY, first.getTime() - 70 * DAY));
		const venue =
			'venue' in plan.where
				? { venue: plan.where.venue, postalCode: plan.where.postalCode, city: plan.where.city }
				: 'room' in plan.where && !room
					? { venue: `${office.name}, ${office.street}`, postalCode: office.postalCode, city: office.city }
					: { venue: '', postalCode: '', city: '' };
		// as createEvent names it; another office's demo on the same dates gets the next free one
		const base = `${slugify(plan.title).slice(0, 60)}-${today(first)}`;
		const used = new Set(
			(
				await tx
					.select({ slug: events.slug })
					.from(events)
					.where(or(eq(events.slug, base), like(events.slug, `${base}-%`)))
			).map((row) => row.slug)
		);
		let slug = base;
		for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
		eventRows.push({
			id,
			tenantId: owner,
			programmeId: plan.programme ? programme!.id : null,
			slug,
			title: plan.title,
			description: plan.description,
			kind: plan.kind,
			audiences: plan.audiences,
			format,
			roomId: room?.id ?? null,
			...venue,
			onlineUrl: format === 'in_person' ? '' : `https://video.example.org/demo-${index + 1}`,
			capacity: plan.capacity,
			registrationOpensAt: plan.opensInDays !== undefined ? new Date(now.getTime() + plan.opensInDays * DAY) : null,
			registrationClosesAt: plan.closedDaysAgo !== undefined ? new Date(now.getTime() - plan.closedDaysAgo * DAY) : null,
			fee: plan.fee ?? '',
			accessibility: plan.accessibility ?? '',
			language: 'de',
			extraFields: plan.extraFields ?? [],
			status,
			cancelReason: plan.cancelReason ?? '',
			createdAt,
			updatedAt: status === 'cancelled' ? new Date(now.getTime() - 3 * DAY) : createdAt
		});
		// an event in a room holds it for every session (not when cancelled): a confirmed booking of owner kind `event`
		for (const session of sessions) {
			let roomBookingId: string | null = null;
			if (room && status !== 'cancelled') {
				roomBookingId = randomUUID();
				bookingRows.push({
					id: roomBookingId,
					tenantId,
					roomId: room.id,
					seriesId: id,
					ownerKind: 'event',
					groupId: null,
					title: plan.title,
					status: 'confirmed',
					startsAt: session.startsAt,
					endsAt: session.endsAt,
					attendees: format === 'hybrid' ? Math.min(plan.capacity ?? room.capacity, room.capacity) : (plan.capacity ?? room.capacity),
					remindedAt: session.startsAt < now ? new Date(session.startsAt.getTime() - 2 * DAY) : null,
					createdAt,
					updatedAt: createdAt
				});
			}
			sessionRows.push({ ...session, tenantId: owner, eventId: id, roomBookingId });
		}
		for (const key of plan.topics ?? []) {
			const topic = topicId.get(key);
			if (topic) topicLinks.push({ tenantId: owner, eventId: id, topicId: topic });
		}
		for (const n of plan.speakers ?? []) speakerLinks.push({ tenantId: owner, eventId: id, speakerId: speakerIds[n]! });

		// registrations in the order they came: places while they last, then the waitlist; a few cancelled on the way
		const places = (plan.capacity ?? Number.MAX_SAFE_INTEGER) - (plan.offered ? 1 : 0);
		const total = plan.registrations + (plan.cancelled ?? 0);
		const registeredFrom = Math.max(createdAt.getTime() + DAY, plan.opensInDays !== undefined ? now.getTime() + plan.opensInDays * DAY : 0);
		const registeredUntil = Math.min(
			now.getTime() - HOUR,
			first.getTime() - DAY,
			plan.closedDaysAgo !== undefined ? now.getTime() - plan.closedDaysAgo * DAY - HOUR : Number.MAX_SAFE_INTEGER
		);
		let confirmed = 0;
		let offered = false;
		for (let n = 0; n < total; n++) {
			const registrationId = randomUUID();
			const firstName = FIRST_NAMES[(person * 5 + index) % FIRST_NAMES.length]!;
			const lastName = LAST_NAMES[(person * 3 + index * 2) % LAST_NAMES.length]!;
			const domain = person % 3 === 2 ? 'example.net' : 'example.org';
			person++;
			const at = new Date(registeredFrom + Math.floor(((registeredUntil - registeredFrom) * (n + 1)) / (total + 1)));
			// the cancelled ones gave back their place; when the list was full, the first waiting was offered the place a cancellation freed
			let state: 'confirmed' | 'waitlisted' | 'offered' | 'cancelled' = 'waitlisted';
			if (n % 7 === 3 && n / 7 < (plan.cancelled ?? 0)) state = 'cancelled';
			else if (confirmed < places) {
				state = 'confirmed';
				confirmed++;
			} else if (plan.offered && !offered) {
				state = 'offered';
				offered = true;
			}
			const hadPlace = state === 'confirmed';
			const came = past && hadPlace && person % 6 !== 0;
			registrationRows.push({
				id: registrationId,
				tenantId: owner,
				eventId: id,
				name: `${firstName} ${lastName}`,
				email: `${slugify(firstName)}.${slugify(lastName)}${person}@${domain}`,
				locale: person % 9 === 4 ? 'en' : 'de',
				answers: plan.extraFields?.length && n % 2 === 0 ? { gruppe: 'Gesprächskreis für pflegende Angehörige' } : {},
				status: state,
				offerExpiresAt: state === 'offered' ? new Date(Math.min(now.getTime() + 36 * HOUR, first.getTime() - HOUR)) : null,
				tokenHash: tokenId(link(registrationId)),
				// the past: most came; those who did not are recorded as absent
				attended: past && hadPlace ? came : null,
				remindedAt: hadPlace && first < now ? new Date(first.getTime() - 2 * DAY) : null,
				feedbackRequestedAt: came ? new Date(last.getTime() + DAY) : null,
				createdAt: at,
				updatedAt: state === 'cancelled' || state === 'offered' ? new Date(Math.min(now.getTime() - HOUR, at.getTime() + 5 * DAY)) : at
			});
			// about half of those who came answered the feedback
			if (came && person % 2 === 0) {
				const tone = (person + index) % 5;
				feedbackRows.push({
					tenantId: owner,
					eventId: id,
					registrationId,
					overall: tone === 0 ? 3 : tone === 1 ? 4 : 5,
					content: tone === 2 ? 3 : tone === 4 ? 4 : 5,
					organisation: tone === 3 ? null : tone === 0 ? 4 : 5,
					comment: person % 4 === 0 ? COMMENTS[(person / 4 + index) % COMMENTS.length]! : '',
					createdAt: new Date(last.getTime() + 2 * DAY + (person % 5) * HOUR)
				});
			}
		}
	}

	await tx.insert(events).values(eventRows);
	if (bookingRows.length) await tx.insert(roomBookings).values(bookingRows);
	await tx.insert(eventSessions).values(sessionRows);
	if (topicLinks.length) await tx.insert(eventTopics).values(topicLinks);
	if (speakerLinks.length) await tx.insert(eventSpeakers).values(speakerLinks);
	// in the order of registration: `seq` (taken row by row) keeps the waitlist's order
	for (let i = 0; i < registrationRows.length; i += 200) await tx.insert(eventRegistrations).values(registrationRows.slice(i, i + 200));
	if (feedbackRows.length) await tx.insert(eventFeedback).values(feedbackRows);

	const summary = { events: eventRows.length, upcoming, registrations: registrationRows.length, feedback: feedbackRows.length };
	await recordAudit(tx, actor, { tenantId, action: 'create', entity: 'event', entityId: null, changes: { demo: summary } });
	return summary;
}
