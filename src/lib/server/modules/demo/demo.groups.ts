import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Actor } from '../../auth/actor.js';
import { lookupPostalCode } from '../../geo/places.js';
import { recordAudit } from '../audit/audit.service.js';
import { slugify } from '../tenants/tenants.service.js';
import { tenants } from '../tenants/tenants.table.js';
import { topics } from '../topics/topics.table.js';
import { dedupeKey, today, uniqueGroupSlugs } from '../groups/groups.service.js';
import { consents, contactPersons, groupHistory, groups, groupTopics, meetingSeries, supportEntries } from '../groups/groups.table.js';
import {
	addDays,
	validateRecurrence,
	type DateRange,
	type FederalState,
	type Recurrence,
	type Weekday,
	type WeekOfMonth
} from '../../../recurrence/index.js';
import type {
	AddressVisibility,
	Audience,
	ContactMode,
	GroupFormat,
	LifecycleState,
	LocationKind,
	ModerationState,
	StepFree,
	SupportKind
} from '../../../schemas/group.js';

/**
 * Demo groups for one office (the `demo` command): invented but realistic self-help groups with
 * meetings, fictional contact persons, founding groups and three years of history. Everything is
 * made up: names, streets ("Beispielweg 12"), people ("Anja Beispiel"), e-mails (example.org) and
 * phone numbers (0511 555 01xx, a range reserved for fiction). Only the postal codes are real, so
 * that the map and the distance search work. A seeded generator makes every run produce the same
 * data for the same office name and `now`.
 */

const STAFF = 'beratung@example.org';
const DAY = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------------------------
// A small seeded random generator (mulberry32 over an FNV-1a hash of the seed text)

function generator(seedText: string) {
	let state = 2166136261;
	for (const char of seedText) state = Math.imul(state ^ char.codePointAt(0)!, 16777619);
	state >>>= 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => (max <= min ? min : min + Math.floor(next() * (max - min + 1)));
	const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
	return {
		int,
		pick,
		chance: (p: number) => next() < p,
		weighted<T extends string>(weights: Record<T, number>): T {
			const entries = Object.entries(weights) as [T, number][];
			let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
			for (const [value, w] of entries) {
				roll -= w;
				if (roll < 0) return value;
			}
			return entries[entries.length - 1]![0];
		},
		shuffle<T>(list: readonly T[]): T[] {
			const copy = [...list];
			for (let i = copy.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				[copy[i], copy[j]] = [copy[j]!, copy[i]!];
			}
			return copy;
		}
	};
}
type Random = ReturnType<typeof generator>;

/** Exactly rounded shares of n (the first value takes the remainder), in random order. */
function quota<T>(random: Random, n: number, shares: [T, number][]): T[] {
	const rest = shares.slice(1).flatMap(([value, share]) => Array.from({ length: Math.round(n * share) }, () => value));
	const first = Array.from({ length: Math.max(0, n - rest.length) }, () => shares[0]![0]);
	return random.shuffle([...first, ...rest]).slice(0, n);
}

// ---------------------------------------------------------------------------------------------------------------
// The kinds of groups: name, who they are for (a plural noun phrase: "Menschen mit Depressionen"), topics

type Category =
	| 'addiction'
	| 'mental_health'
	| 'chronic_illness'
	| 'cancer'
	| 'disability'
	| 'rare_disease'
	| 'relatives'
	| 'family'
	| 'loss_grief'
	| 'social_situation'
	| 'violence'
	| 'gender_health'
	| 'older_age';

type Kind = {
	category: Category;
	name: string;
	who: string;
	topics: string[];
	/** a local group: the name gets a district or town, and there are `repeat` of them */
	repeat: number;
	audiences: Audience[] | null;
	sensitive: boolean | null;
	languages: string[] | null;
	online: boolean;
	daytime: boolean;
	keywords: string[];
	hearing: boolean;
	sign: boolean;
};

const SENSITIVE: ReadonlySet<Category> = new Set(['addiction', 'mental_health', 'violence']);

/**
 * One line per kind of group: "name | who it is for (a plural noun phrase) | topic keys | options". Options:
 * repeat=n (a local group, once per district or town), for=audiences, lang=languages, sensitive or open
 * (instead of the category's default), online, daytime, keywords=…, hearing-loop, sign-language.
 * "{city}" in a name is the office's town.
 */
const KIND_LINES: Record<Category, string[]> = {
	addiction: [
		'Selbsthilfegruppe Alkohol | Menschen mit einem Alkoholproblem | alkoholabhaengigkeit abstinenz-und-suchtnachsorge | repeat=4',
		'Freundeskreis Suchtfrei | suchtkranke Menschen und ihre Angehörigen | sucht abstinenz-und-suchtnachsorge | repeat=2 for=affected,relatives',
		'Anonyme Spieler*innen {city} | Menschen mit Glücksspielproblemen | gluecksspielsucht',
		'Gesprächskreis Medikamentenabhängigkeit | Menschen mit einer Abhängigkeit von Schlaf- oder Schmerzmitteln | medikamentenabhaengigkeit',
		'Frauen-Suchtgruppe {city} | Frauen mit Suchterfahrung | sucht alkoholabhaengigkeit frauengesundheit',
		'Cannabis – Ausstieg gemeinsam | junge Erwachsene mit problematischem Cannabiskonsum | cannabisabhaengigkeit | for=affected,young_people',
		'Mediensucht – Eltern und Betroffene | Eltern von Jugendlichen mit exzessivem Medienkonsum und Betroffene | mediensucht computerspielsucht | for=affected,parents',
		'Essstörungen – Selbsthilfegruppe junge Frauen | junge Frauen mit Essstörungen | essstoerungen magersucht bulimie | for=affected,young_people',
		'Binge Eating – Gesprächskreis | Menschen mit Essanfällen | binge-eating-stoerung',
		'Rauchfrei-Gruppe {city} | Menschen auf dem Weg zum Nichtrauchen | nikotinabhaengigkeit | open',
		'Kaufsucht – Gesprächskreis | Menschen mit Kaufsucht | kaufsucht schulden',
		'Sucht im Alter – Gesprächsgruppe 60 plus | ältere Menschen mit Suchtproblemen | sucht-im-alter alkoholabhaengigkeit | daytime',
		'Doppeldiagnose: Sucht und Psyche | Menschen mit Sucht und einer psychischen Erkrankung | sucht-und-psychische-erkrankung',
		'Substitution – Austausch und Selbsthilfe | Menschen in Substitutionsbehandlung | substitutionsbehandlung opioidabhaengigkeit',
		'Russischsprachige Suchtselbsthilfe | russischsprachige Menschen mit Suchtproblemen | alkoholabhaengigkeit migration | lang=ru,de',
		'Arbeitssucht – Anonyme Gruppe | Menschen mit Arbeitssucht | arbeitssucht'
	],
	mental_health: [
		'Selbsthilfegruppe Depression | Menschen mit Depressionen | depression | repeat=5',
		'Angst und Panik – Selbsthilfegruppe | Menschen mit Angst- und Panikattacken | angststoerungen panikstoerung | repeat=2',
		'Bipolar – gemeinsam im Gleichgewicht | Menschen mit einer bipolaren Störung | bipolare-stoerung',
		'Zwänge überwinden – Gesprächskreis | Menschen mit Zwangsgedanken und Zwangshandlungen | zwangsstoerung',
		'Borderline-Selbsthilfegruppe {city} | Menschen mit einer Borderline-Störung | borderline-persoenlichkeitsstoerung',
		'Junge Erwachsene mit Depression | junge Erwachsene mit Depressionen | depression lebenskrisen | for=affected,young_people',
		'Burnout – Wege zurück | Menschen mit Burnout-Erfahrung | burnout krankheit-und-beruf',
		'Soziale Angst – Schritt für Schritt | Menschen mit sozialer Angst | soziale-angststoerung',
		'ADHS bei Erwachsenen {city} | Erwachsene mit ADHS | adhs',
		'Autismus-Treff für Erwachsene | autistische Erwachsene | autismus | open',
		'Psychose-Erfahrene im Gespräch | Menschen mit Psychose-Erfahrung | psychosen psychiatrie-erfahrene',
		'Stimmenhören – Austauschgruppe | Stimmenhörerinnen und Stimmenhörer | stimmenhoeren',
		'Trauma-Selbsthilfe für Frauen | Frauen mit Traumafolgen | traumafolgestoerungen ptbs',
		'Hochsensibel im Alltag | hochsensible Menschen | hochsensibilitaet | open',
		'Selbstwert stärken – Frauengruppe | Frauen mit wenig Selbstvertrauen | selbstwert | open',
		'Messie-Selbsthilfegruppe | Menschen mit Messie-Syndrom | messie-syndrom',
		'Mütter helfen Müttern – postpartale Depression | Mütter mit einer Depression nach der Geburt | postpartale-depression muetter | daytime',
		'Depression im Alter – Gesprächskreis | ältere Menschen mit Depressionen | depression-im-alter | daytime',
		'Tourette und Tics – Austausch | Menschen mit Tourette-Syndrom oder Tics | tourette-und-tics | open'
	],
	chronic_illness: [
		'Diabetiker-Treff | Menschen mit Diabetes Typ 2 | diabetes-typ-2 | repeat=3',
		'Typ-1-Diabetes – junge Erwachsene | junge Erwachsene mit Typ-1-Diabetes | diabetes-typ-1 | for=affected,young_people',
		'Rheuma-Gesprächskreis | Menschen mit Rheuma | rheuma rheumatoide-arthritis | repeat=2 daytime',
		'Morbus Bechterew – Bewegungsgruppe | Menschen mit Morbus Bechterew | morbus-bechterew',
		'Fibromyalgie-Selbsthilfegruppe {city} | Menschen mit Fibromyalgie | fibromyalgie chronische-schmerzen',
		'Multiple Sklerose – Gesprächskreis | Menschen mit Multipler Sklerose | multiple-sklerose | repeat=2',
		'Parkinson-Selbsthilfegruppe | Menschen mit Parkinson und ihre Angehörigen | parkinson-krankheit | repeat=2 for=affected,relatives daytime',
		'Epilepsie – Selbsthilfe und Austausch | Menschen mit Epilepsie | epilepsie',
		'Migräne-Gruppe {city} | Menschen mit Migräne und chronischen Kopfschmerzen | migraene-und-kopfschmerzen',
		'Nach dem Schlaganfall | Betroffene nach einem Schlaganfall und ihre Angehörigen | schlaganfall | for=affected,relatives daytime',
		'Leben mit Herzschwäche | Menschen mit Herzschwäche | herzschwaeche koronare-herzkrankheit',
		'Defi-Träger*innen-Treff | Menschen mit einem implantierten Defibrillator | leben-mit-defibrillator',
		'COPD und Lungenemphysem – Selbsthilfegruppe | Menschen mit COPD | copd lungenerkrankungen | daytime',
		'Schlafapnoe-Selbsthilfe {city} | Menschen mit Schlafapnoe | schlafapnoe',
		'Morbus Crohn und Colitis ulcerosa – Gesprächskreis | Menschen mit chronisch entzündlichen Darmerkrankungen | morbus-crohn colitis-ulcerosa',
		'Zöliakie-Treff | Menschen mit Zöliakie | zoeliakie | keywords=glutenfrei',
		'Stoma-Selbsthilfe | Menschen mit einem Stoma | leben-mit-stoma',
		'Dialyse und Transplantation – Gesprächskreis | Dialysepatientinnen, Dialysepatienten und Transplantierte | dialyse organtransplantation',
		'Positiv leben – HIV-Selbsthilfe | Menschen mit HIV | hiv-und-aids | sensitive',
		'Chronischer Schmerz – Selbsthilfegruppe | Menschen mit chronischen Schmerzen | chronische-schmerzen rueckenschmerzen | repeat=2',
		'Tinnitus-Gesprächskreis | Menschen mit Tinnitus und Geräuschempfindlichkeit | tinnitus hyperakusis | hearing-loop',
		'Long Covid – Austausch und Unterstützung | Menschen mit Long Covid | long-covid me-cfs',
		'ME/CFS – Online-Selbsthilfe | Menschen mit ME/CFS | me-cfs | online',
		'Lipödem-Selbsthilfegruppe {city} | Frauen mit Lipödem | lipoedem',
		'Adipositas – gemeinsam leichter | Menschen mit Adipositas | adipositas',
		'Hashimoto und Schilddrüse – Austausch | Menschen mit Schilddrüsenerkrankungen | hashimoto-thyreoiditis schilddruesenerkrankungen',
		'Osteoporose-Gesprächskreis | Menschen mit Osteoporose | osteoporose | daytime',
		'Neurodermitis und Schuppenflechte – Hautnah | Menschen mit Neurodermitis oder Schuppenflechte | neurodermitis schuppenflechte',
		'Polyneuropathie-Selbsthilfe | Menschen mit Polyneuropathie | polyneuropathie | daytime',
		'Restless Legs – Gesprächskreis | Menschen mit Restless-Legs-Syndrom | restless-legs-syndrom'
	],
	cancer: [
		'Frauen nach Brustkrebs | Frauen mit Brustkrebs | brustkrebs leben-nach-krebs | repeat=2',
		'Prostatakrebs-Selbsthilfegruppe {city} | Männer mit Prostatakrebs | prostatakrebs',
		'Darmkrebs – Betroffene und Angehörige | Menschen mit Darmkrebs und ihre Angehörigen | darmkrebs | for=affected,relatives',
		'Leukämie und Lymphome – Gesprächskreis | Menschen mit Leukämie oder Lymphomen | leukaemie lymphome',
		'Junge Erwachsene mit Krebs | junge Erwachsene mit einer Krebserkrankung | krebs-bei-jungen-erwachsenen | for=affected,young_people',
		'Leben mit Metastasen – Frauengruppe | Frauen mit metastasiertem Krebs | leben-mit-metastasen brustkrebs',
		'Kehlkopflose und Halsatmer | Menschen nach Kehlkopfkrebs | kehlkopfkrebs kopf-hals-tumoren | daytime',
		'Hirntumor-Selbsthilfe | Menschen mit Hirntumoren und ihre Angehörigen | hirntumoren | for=affected,relatives',
		'Krebs-Gesprächskreis | Menschen mit einer Krebserkrankung | krebs leben-nach-krebs | repeat=2',
		'Angehörige krebskranker Menschen | Angehörige krebskranker Menschen | angehoerige-krebskranker-menschen | for=relatives',
		'Eierstockkrebs – Gesprächsgruppe | Frauen mit Eierstockkrebs | eierstockkrebs',
		'Multiples Myelom – Austausch | Menschen mit Multiplem Myelom | multiples-myelom | online'
	],
	disability: [
		'Schwerhörigen-Treff {city} | schwerhörige Menschen und Menschen mit Cochlea-Implantat | schwerhoerigkeit cochlea-implantat | hearing-loop',
		'Gehörlosen-Selbsthilfe | gehörlose Menschen | gehoerlosigkeit | lang=dgs,de sign-language',
		'Blinde und Sehbehinderte im Austausch | blinde und sehbehinderte Menschen | sehbehinderung blindheit | daytime',
		'Makuladegeneration – Gesprächskreis | Menschen mit Makuladegeneration | makuladegeneration | daytime',
		'Leben im Rollstuhl – Treff | Rollstuhlfahrerinnen und Rollstuhlfahrer | leben-im-rollstuhl koerperbehinderung',
		'Amputierte helfen Amputierten | Menschen nach einer Amputation | amputation',
		'Stottern – Selbsthilfegruppe {city} | stotternde Menschen | stottern',
		'Aphasie-Gruppe | Menschen mit Aphasie und ihre Angehörigen | aphasie schlaganfall | for=affected,relatives daytime',
		'Eltern von Kindern mit Down-Syndrom | Eltern von Kindern mit Down-Syndrom | down-syndrom eltern-von-kindern-mit-behinderung | for=parents',
		'Legasthenie und Dyskalkulie – Elternkreis | Eltern von Kindern mit Lese-, Rechtschreib- oder Rechenschwäche | legasthenie dyskalkulie | for=parents',
		'Erworbene Hirnschädigung – Betroffene und Angehörige | Menschen mit erworbener Hirnschädigung und ihre Angehörigen | erworbene-hirnschaedigung | for=affected,relatives',
		'Kleinwüchsige Menschen – Regionalgruppe | kleinwüchsige Menschen und ihre Familien | kleinwuchs',
		'Persönliche Assistenz – Erfahrungsaustausch | Menschen mit Behinderung und persönlicher Assistenz | persoenliche-assistenz'
	],
	rare_disease: [
		'Mukoviszidose – Elterngruppe | Eltern von Kindern mit Mukoviszidose | mukoviszidose | for=parents',
		'ALS – Betroffene und Angehörige | Menschen mit ALS und ihre Angehörigen | als | for=affected,relatives',
		'Ehlers-Danlos-Syndrom – Austausch | Menschen mit Ehlers-Danlos-Syndrom | ehlers-danlos-syndrom | online',
		'Myasthenia gravis – Regionalgruppe | Menschen mit Myasthenia gravis | myasthenia-gravis',
		'Sarkoidose-Gesprächskreis | Menschen mit Sarkoidose | sarkoidose',
		'Huntington – Familien im Gespräch | Familien mit Chorea Huntington | chorea-huntington | for=affected,relatives',
		'Neurofibromatose – Selbsthilfe | Menschen mit Neurofibromatose und Eltern betroffener Kinder | neurofibromatose | for=affected,parents',
		'Lungenhochdruck – Treff | Menschen mit Lungenhochdruck | lungenhochdruck',
		'Sklerodermie-Selbsthilfegruppe | Menschen mit Sklerodermie | sklerodermie',
		'Narkolepsie – Austausch | Menschen mit Narkolepsie | narkolepsie | online',
		'Prader-Willi-Syndrom – Elternkreis | Eltern von Kindern mit Prader-Willi-Syndrom | prader-willi-syndrom | for=parents'
	],
	relatives: [
		'Angehörige von Menschen mit Demenz | Angehörige von Menschen mit Demenz | angehoerige-von-menschen-mit-demenz | repeat=4 for=relatives',
		'Pflegende Angehörige – Gesprächskreis | pflegende Angehörige | pflegende-angehoerige | repeat=3 for=relatives',
		'Angehörige psychisch erkrankter Menschen | Angehörige psychisch erkrankter Menschen | angehoerige-psychisch-erkrankter-menschen | repeat=2 for=relatives sensitive',
		'Angehörige von Suchtkranken | Angehörige suchtkranker Menschen | angehoerige-suchtkranker-menschen co-abhaengigkeit | repeat=2 for=relatives sensitive',
		'Erwachsene Kinder aus suchtbelasteten Familien | erwachsene Kinder suchtkranker Eltern | kinder-suchtkranker-eltern | for=relatives sensitive',
		'Eltern suchtkranker Kinder | Eltern suchtkranker Kinder | eltern-suchtkranker-kinder | for=parents sensitive',
		'Eltern von Kindern mit ADHS | Eltern von Kindern mit ADHS | eltern-von-kindern-mit-adhs | for=parents',
		'Eltern autistischer Kinder {city} | Eltern autistischer Kinder | eltern-autistischer-kinder | for=parents',
		'Eltern chronisch kranker Kinder | Eltern chronisch kranker Kinder | eltern-chronisch-kranker-kinder | for=parents',
		'Geschwisterkinder – Treff für Jugendliche | Jugendliche mit einem kranken oder behinderten Geschwister | geschwisterkinder | for=young_people,relatives',
		'Angehörige von Inhaftierten | Angehörige von Inhaftierten | angehoerige-von-inhaftierten | for=relatives sensitive',
		'Türkischsprachige Gruppe für pflegende Angehörige | pflegende Angehörige mit türkischer Familiengeschichte | pflegende-angehoerige migration | for=relatives lang=tr,de daytime',
		'Eltern queerer Kinder | Eltern queerer Kinder | eltern-queerer-kinder | for=parents',
		'Partnerinnen und Partner chronisch Kranker | Partnerinnen und Partner chronisch kranker Menschen | partner-chronisch-kranker-menschen | for=relatives',
		'Eltern von Kindern mit Essstörungen | Eltern von Kindern mit Essstörungen | eltern-von-kindern-mit-essstoerungen | for=parents'
	],
	family: [
		'Treff für Alleinerziehende | Alleinerziehende | alleinerziehende | repeat=2 daytime',
		'Leben nach Trennung und Scheidung | Menschen nach Trennung oder Scheidung | trennung-und-scheidung',
		'Väter nach Trennung – Gesprächskreis | getrennt lebende Väter | vaeter umgang-und-sorgerecht',
		'Unerfüllter Kinderwunsch – Austausch | Paare und Frauen mit unerfülltem Kinderwunsch | unerfuellter-kinderwunsch',
		'Pflege- und Adoptivfamilien im Gespräch | Pflege- und Adoptiveltern | pflegefamilien adoption | for=parents',
		'Schreibaby-Elterntreff | Eltern von Schreibabys | schreibabys | for=parents daytime',
		'Frühchen-Eltern {city} | Eltern frühgeborener Kinder | fruehgeborene | for=parents daytime',
		'Zwillinge und Mehrlinge – Elterntreff | Eltern von Zwillingen und Mehrlingen | zwillinge-und-mehrlinge | for=parents daytime',
		'Regenbogenfamilien {city} | Regenbogenfamilien | regenbogenfamilien | for=parents',
		'Patchworkfamilien – Gesprächsrunde | Eltern in Patchworkfamilien | patchworkfamilie | for=parents',
		'Ukrainische Mütter in {city} | Mütter aus der Ukraine | muetter flucht-und-asyl | lang=uk,ru,de daytime',
		'English-speaking Parents Group {city} | englischsprachige Eltern | familie-und-elternschaft binationale-familien | for=parents lang=en,de',
		'Schulangst – Elternkreis | Eltern von Kindern mit Schulangst | schulangst-und-schulvermeidung | for=parents',
		'Kontaktabbruch – verlassene Eltern | Eltern nach einem Kontaktabbruch ihrer erwachsenen Kinder | kontaktabbruch-in-der-familie',
		'Hochbegabte Kinder – Elternkreis | Eltern hochbegabter Kinder | hochbegabung | for=parents',
		'Kriegsenkel im Gespräch | Kriegsenkelinnen und Kriegsenkel | kriegsenkel'
	],
	loss_grief: [
		'Trauercafé | trauernde Menschen | trauer | repeat=3 daytime',
		'Verwaiste Eltern {city} | Eltern nach dem Tod eines Kindes | verwaiste-eltern | for=parents',
		'Sternenkinder-Eltern | Eltern von Sternenkindern | sternenkinder | for=parents',
		'Hinterbliebene nach Suizid | Hinterbliebene nach einem Suizid | hinterbliebene-nach-suizid | for=relatives sensitive',
		'Verwitwet – und jetzt? | verwitwete Frauen und Männer | verwitwete | daytime',
		'Junge Trauernde 18 bis 35 | junge Erwachsene in Trauer | junge-trauernde | for=affected,young_people',
		'Trauergruppe für Kinder und Jugendliche | trauernde Kinder und Jugendliche | trauernde-kinder-und-jugendliche | for=young_people daytime',
		'Angehörige vermisster Menschen | Angehörige vermisster Menschen | angehoerige-vermisster-menschen | for=relatives online'
	],
	social_situation: [
		'Erwerbslose im Gespräch | erwerbslose Menschen | arbeitslosigkeit | daytime',
		'Schulden – gemeinsam raus | Menschen mit Schulden | schulden',
		'Gemeinsam statt einsam | Menschen auf der Suche nach Anschluss | einsamkeit | repeat=2 daytime',
		'Mobbing am Arbeitsplatz – Selbsthilfegruppe | Menschen mit Mobbingerfahrung | mobbing krankheit-und-beruf',
		'Arabischsprachige Frauengruppe | arabischsprachige Frauen | migration flucht-und-asyl | lang=ar,de daytime',
		'Neu in Deutschland – Gesprächsrunde auf Russisch | russischsprachige Zugewanderte | migration | lang=ru,de',
		'Krank im Job – Austausch | Berufstätige mit einer chronischen Erkrankung | krankheit-und-beruf erwerbsminderung',
		'Ausstieg aus Sekten – Gesprächskreis | Aussteigerinnen und Aussteiger aus Sekten und Kulten | ausstieg-aus-sekten | sensitive',
		'Nach der Haft – Gesprächskreis | Menschen nach einer Haftstrafe | haft-und-haftentlassung | sensitive',
		'Behandlungsfehler – Betroffene tauschen sich aus | Betroffene von Behandlungsfehlern | behandlungsfehler',
		'Frauenfrühstück auf Türkisch | türkischsprachige Frauen | migration frauengesundheit | lang=tr,de daytime'
	],
	violence: [
		'Frauen nach häuslicher Gewalt | Frauen mit Gewalterfahrung in der Partnerschaft | haeusliche-gewalt',
		'Selbsthilfegruppe nach sexualisierter Gewalt | Betroffene sexualisierter Gewalt | sexualisierte-gewalt sexueller-missbrauch-in-der-kindheit',
		'Männer mit Gewalterfahrung | Männer mit Gewalterfahrung | gewalt-gegen-maenner',
		'Ehemalige Heimkinder im Gespräch | ehemalige Heimkinder | ehemalige-heimkinder | daytime',
		'Verschickungskinder – Erinnern und Austausch | ehemalige Verschickungskinder | verschickungskinder',
		'Psychische Gewalt in Beziehungen – Gesprächskreis | Menschen nach psychischer Gewalt in Beziehungen | psychische-gewalt-in-beziehungen',
		'Stalking – Betroffene im Austausch | Betroffene von Stalking | stalking',
		'Gewaltfrei leben – Männergruppe | Männer auf dem Weg aus gewalttätigem Verhalten | eigenes-gewalttaetiges-verhalten-beenden'
	],
	gender_health: [
		'Endometriose-Selbsthilfegruppe {city} | Frauen mit Endometriose | endometriose',
		'Wechseljahre – Frauen im Austausch | Frauen in den Wechseljahren | wechseljahre',
		'PCOS-Austausch | Frauen mit PCOS | pcos | online',
		'Trans* Selbsthilfegruppe {city} | trans* Menschen | transgeschlechtlichkeit',
		'Queere Jugendgruppe | queere Jugendliche | queere-jugendliche | for=young_people',
		'Männer in Lebenskrisen – Gesprächsrunde | Männer in Lebenskrisen | maenner-in-lebenskrisen',
		'Coming-out-Gruppe für Erwachsene | Erwachsene im Coming-out | coming-out',
		'Belastende Geburt – Mütter im Austausch | Mütter nach einer belastenden Geburt | belastende-geburtserfahrung | daytime',
		'Intergeschlechtliche Menschen – Austausch | intergeschlechtliche Menschen | intergeschlechtlichkeit | online'
	],
	older_age: [
		'Demenz im frühen Stadium – Gesprächsgruppe | Menschen mit beginnender Demenz | demenz leichte-kognitive-stoerung | daytime',
		'Junge Menschen mit Demenz und ihre Partner | jüngere Menschen mit Demenz und ihre Partnerinnen und Partner | demenz-in-juengeren-jahren | for=affected,relatives',
		'Aktiv in den Ruhestand | Menschen im Übergang in den Ruhestand | uebergang-in-den-ruhestand | daytime',
		'Senior*innen-Gesprächskreis | ältere Menschen | einsamkeit-im-alter aelterwerden | repeat=2 daytime',
		'Queer im Alter – Stammtisch | queere Menschen ab 60 | queer-im-alter',
		'Kriegskinder erinnern sich | Kriegskinder | kriegskinder | daytime',
		'Gemeinsam mobil bleiben | ältere Menschen mit Sturzangst | sturzangst-und-mobilitaet-im-alter | daytime',
		'Großeltern ohne Kontakt zu Enkeln | Großeltern ohne Kontakt zu ihren Enkeln | grosseltern kontaktabbruch-in-der-familie | daytime',
		'Wohnen im Alter – Gesprächsrunde | ältere Menschen vor einem Umzug | wohnen-im-alter | daytime'
	]
};

function parseKind(category: Category, line: string): Kind {
	const [name = '', who = '', topicKeys = '', optionText = ''] = line.split(' | ');
	const options = new Map(optionText.split(' ').map((option) => [option.split('=')[0]!, option.split('=')[1] ?? ''] as const));
	const list = (key: string) => (options.has(key) ? options.get(key)!.split(',') : null);
	return {
		category,
		name,
		who,
		topics: topicKeys.split(' '),
		repeat: Number(options.get('repeat') ?? 0),
		audiences: list('for') as Audience[] | null,
		sensitive: options.has('sensitive') ? true : options.has('open') ? false : null,
		languages: list('lang'),
		online: options.has('online'),
		daytime: options.has('daytime'),
		keywords: list('keywords') ?? [],
		hearing: options.has('hearing-loop'),
		sign: options.has('sign-language')
	};
}

const KINDS: Kind[] = (Object.entries(KIND_LINES) as [Category, string[]][]).flatMap(([category, lines]) =>
	lines.map((line) => parseKind(category, line))
);

// ---------------------------------------------------------------------------------------------------------------
// Texts

const LANGUAGE_NAMES: Record<string, string> = {
	de: 'Deutsch',
	en: 'Englisch',
	tr: 'Türkisch',
	ru: 'Russisch',
	ar: 'Arabisch',
	uk: 'Ukrainisch',
	dgs: 'Deutsche Gebärdensprache'
};

const INTROS: ((who: string, city: string) => string)[] = [
	(who) => `Wir sind ${who}, die sich regelmäßig treffen, um Erfahrungen auszutauschen und uns gegenseitig zu stärken.`,
	(who, city) => `In dieser Gruppe finden ${who} aus ${city} und Umgebung Austausch und Verständnis.`,
	(who) => `Die Gruppe ist ein offener Treffpunkt für ${who}.`,
	(who) => `Hier kommen ${who} zusammen – ohne Fachleute, auf Augenhöhe und mit viel Erfahrung aus erster Hand.`,
	(who) => `Seit einigen Jahren treffen sich bei uns ${who}, um voneinander zu lernen.`
];

const ABOUT: Record<Category, string[]> = {
	addiction: [
		'Unser Ziel ist ein zufriedenes Leben ohne Suchtmittel – jeden Tag aufs Neue.',
		'Wir sprechen offen über Rückfälle, Ängste und das, was uns hilft, abstinent zu bleiben.',
		'Viele von uns haben eine Therapie hinter sich, manche stehen noch ganz am Anfang.',
		'Niemand muss bei uns etwas beweisen; der Wunsch, etwas zu verändern, genügt.'
	],
	mental_health: [
		'Wir sprechen über den Alltag mit der Erkrankung, über Behandlungswege und darüber, was uns in schweren Zeiten hilft.',
		'Die Gruppe ersetzt keine Therapie, kann sie aber gut ergänzen.',
		'Verstanden werden, ohne viel erklären zu müssen – das erleben viele bei uns zum ersten Mal.',
		'Wir achten auf einen behutsamen Umgang miteinander; jede und jeder erzählt nur so viel, wie es sich gut anfühlt.'
	],
	chronic_illness: [
		'Wir tauschen Erfahrungen mit Behandlungen, Ärztinnen und Ärzten, Reha und Hilfsmitteln aus und geben Tipps für den Alltag.',
		'Mehrmals im Jahr laden wir Fachleute zu einem Vortrag ein.',
		'Neben dem Austausch kommt auch das Gesellige nicht zu kurz – im Sommer gibt es einen gemeinsamen Ausflug.',
		'Wer neu diagnostiziert ist, findet bei uns Menschen, die den Weg schon ein Stück gegangen sind.'
	],
	cancer: [
		'Wir begleiten uns gegenseitig durch Diagnose, Behandlung und die Zeit danach.',
		'Wir sprechen über Ängste und Hoffnungen, aber auch über ganz praktische Fragen zu Reha, Arbeit und Nachsorge.',
		'Lachen ist bei uns ausdrücklich erlaubt.',
		'Informationen zu Beratungsstellen und Nachsorgeangeboten geben wir gern weiter.'
	],
	disability: [
		'Wir teilen Erfahrungen mit Hilfsmitteln, Ämtern und Anträgen und setzen uns gemeinsam für Teilhabe ein.',
		'Barrierefreiheit ist uns wichtig – sagen Sie uns gern, was Sie brauchen.',
		'Neben dem Gespräch unternehmen wir ab und zu etwas zusammen.',
		'Bei uns zählt, was jemand kann – und wie wir uns gegenseitig den Alltag erleichtern.'
	],
	rare_disease: [
		'Weil die Erkrankung selten ist, fühlen sich viele lange allein – bei uns nicht.',
		'Wir sammeln Wissen über spezialisierte Zentren und Behandlungsmöglichkeiten und geben es weiter.',
		'Einige Mitglieder kommen von weiter her; der Austausch per Telefon und Video gehört deshalb dazu.',
		'Wir arbeiten mit dem Bundesverband zusammen und bringen neue Informationen in die Gruppe.'
	],
	relatives: [
		'Wir geben einander Raum für Sorgen, Wut und Erschöpfung – und achten darauf, uns selbst nicht zu vergessen.',
		'Informationen über Entlastungsangebote, Pflegegrade und rechtliche Fragen teilen wir gern.',
		'Wer einen Menschen begleitet, braucht selbst auch Begleitung.',
		'Hier dürfen auch die Gefühle Platz haben, über die man anderswo schweigt.'
	],
	family: [
		'Wir tauschen Erfahrungen aus dem Familienalltag aus und unterstützen uns ganz praktisch.',
		'Kinder können auf Absprache mitgebracht werden.',
		'Hier ist Platz für alle Fragen, auch für die, die man sich sonst nicht zu stellen traut.',
		'Wir vermitteln auch Kontakte zu Beratungsstellen in der Region.'
	],
	loss_grief: [
		'Trauer braucht Zeit und einen geschützten Ort.',
		'Wir erinnern an unsere Verstorbenen und fragen gemeinsam, wie das Leben weitergehen kann.',
		'Niemand muss hier stark sein.',
		'Es gibt kein richtiges oder falsches Trauern – jede Geschichte hat bei uns Platz.'
	],
	social_situation: [
		'Wir tauschen Erfahrungen und Tipps aus und helfen uns gegenseitig, zum Beispiel bei Behördengängen.',
		'Gemeinsam fällt es leichter, wieder Mut zu fassen.',
		'Bei uns geht es um Selbsthilfe, nicht um Beratung – für Fachfragen vermitteln wir gern weiter.',
		'Manchmal hilft schon eine Tasse Kaffee und ein offenes Ohr.'
	],
	violence: [
		'Die Gruppe bietet einen geschützten Rahmen; alles Gesagte bleibt im Raum.',
		'Wir sprechen über das Erlebte nur so weit, wie jede und jeder Einzelne es möchte.',
		'Es geht um Stabilisierung, Selbstwert und den Weg in einen sicheren Alltag.',
		'Die Gruppe ersetzt keine Beratung oder Therapie; Adressen von Fachstellen geben wir gern weiter.'
	],
	gender_health: [
		'Wir sprechen offen über Themen, die sonst oft tabu sind.',
		'Erfahrungen mit Ärztinnen, Ärzten und Behandlungen teilen wir gern.',
		'Jede und jeder ist willkommen, so wie sie oder er ist.',
		'Gemeinsam fühlt sich vieles leichter an.'
	],
	older_age: [
		'Wir sprechen über die Veränderungen, die das Älterwerden mit sich bringt, und darüber, was uns guttut.',
		'Bei Kaffee und Kuchen kommt man leicht ins Gespräch.',
		'Ab und zu laden wir Gäste ein, etwa vom Seniorenbüro oder von der Pflegeberatung.',
		'Wer nicht mehr so gut zu Fuß ist, findet bei uns Hilfe bei der Anfahrt.'
	]
};

const CLOSINGS = [
	'Die Gruppe organisiert sich selbst; die Teilnahme ist kostenlos.',
	'Alles, was in der Gruppe besprochen wird, bleibt vertraulich.',
	'Wir freuen uns über neue Gesichter.',
	'Die Kontaktstelle unterstützt uns bei Räumen und Öffentlichkeitsarbeit.'
];

const FIRST_VISIT: Record<Category, string[]> = {
	addiction: [
		'Sie können ohne Anmeldung kommen; nüchtern zum Treffen zu erscheinen, ist unsere einzige Bitte.',
		'Beim ersten Mal stellen wir uns kurz vor und erklären, wie ein Abend bei uns abläuft.'
	],
	mental_health: [
		'Beim ersten Besuch müssen Sie nichts von sich erzählen – Zuhören ist völlig in Ordnung.',
		'Wenn Ihnen der Schritt schwerfällt, können Sie vorher mit jemandem aus der Gruppe telefonieren.'
	],
	chronic_illness: [
		'Kommen Sie einfach vorbei; eine Anmeldung ist nicht nötig.',
		'Bringen Sie gern Ihre Fragen mit – irgendwer hat meistens schon eine Erfahrung dazu.'
	],
	cancer: [
		'Sie können in jeder Phase der Erkrankung dazukommen, auch mitten in der Behandlung.',
		'Angehörige sind nach Absprache willkommen.'
	],
	disability: [
		'Sagen Sie uns vorher gern, ob Sie Unterstützung bei der Anfahrt oder eine Assistenz brauchen.',
		'Der Raum ist gut erreichbar; Begleitpersonen sind willkommen.'
	],
	rare_disease: [
		'Bitte melden Sie sich vorher kurz, damit wir Ihnen Unterlagen zur Gruppe schicken können.',
		'Auch Menschen ohne gesicherte Diagnose sind willkommen.'
	],
	relatives: [
		'Sie können jederzeit dazukommen, auch wenn Sie nur einmal hineinschnuppern möchten.',
		'Während des Treffens kann die Betreuung Ihres Angehörigen nach Absprache organisiert werden.'
	],
	family: [
		'Bitte geben Sie uns vorher kurz Bescheid, wenn Sie Kinder mitbringen.',
		'Kommen Sie einfach vorbei – Kaffee und Tee stehen bereit.'
	],
	loss_grief: [
		'Sie können kommen, wann immer Sie mögen, ganz gleich, wie lange Ihr Verlust zurückliegt.',
		'Beim ersten Treffen nimmt sich jemand aus der Gruppe Zeit für ein Gespräch unter vier Augen.'
	],
	social_situation: [
		'Eine Anmeldung ist nicht nötig; kommen Sie einfach vorbei.',
		'Beim ersten Mal erklären wir Ihnen gern, wie die Gruppe arbeitet.'
	],
	violence: [
		'Vor dem ersten Treffen gibt es ein Vorgespräch mit der Kontaktstelle; den Treffpunkt erfahren Sie danach.',
		'Sie entscheiden selbst, ob und was Sie erzählen; niemand fragt nach.'
	],
	gender_health: [
		'Melden Sie sich gern vorher per E-Mail, dann holt Sie jemand am Eingang ab.',
		'Sie können auch erst einmal nur zuhören.'
	],
	older_age: [
		'Kommen Sie einfach vorbei; der Raum ist ebenerdig und gut mit Bus und Bahn erreichbar.',
		'Wer abgeholt werden möchte, meldet sich bitte vorher bei der Kontaktstelle.'
	]
};

const FIRST_GENERAL = [
	'Neue sind jederzeit willkommen.',
	'Bitte melden Sie sich vorher kurz bei der Kontaktstelle, dann können wir Sie in Empfang nehmen.',
	'Wir beginnen pünktlich; kommen Sie am besten ein paar Minuten früher.',
	'Probieren Sie es ruhig zwei- oder dreimal aus, bevor Sie sich entscheiden.'
];
const FIRST_SENSITIVE = [
	'Ein unverbindliches Vorgespräch mit der Kontaktstelle ist möglich; den genauen Treffpunkt erfahren Sie danach.',
	'Ihr Name und Ihre Geschichte bleiben in der Gruppe.'
];
const FIRST_ONLINE = [
	'Den Zugangslink erhalten Sie nach einer kurzen Nachricht an die Kontaktstelle.',
	'Sie brauchen nur einen Computer oder ein Smartphone; die Kamera darf beim ersten Mal aus bleiben.'
];
const FIRST_FOUNDING = [
	'Die Gruppe ist gerade im Entstehen: Melden Sie sich bei der Kontaktstelle, dann laden wir Sie zum nächsten Treffen ein.',
	'Die ersten Treffen begleitet eine erfahrene Ehrenamtliche, bis die Gruppe selbstständig läuft.'
];
const FIRST_INTEREST = [
	'Noch gibt es keine festen Treffen. Wenn Sie mitmachen möchten, melden Sie sich bei der Kontaktstelle – sobald sich genug Menschen gefunden haben, laden wir zu einem ersten Treffen ein.'
];

const SCHEDULE_TEXTS = [
	'nach Absprache',
	'unregelmäßig, siehe Aushang',
	'etwa einmal im Monat samstags, Termine bitte erfragen',
	'jeden ersten Mittwoch (außer in den Ferien), Uhrzeit bitte erfragen'
];

const SUPPORT_NOTES: Record<SupportKind, string[]> = {
	founding: [
		'Gründungsberatung mit der Initiatorin',
		'Erstes Treffen vorbereitet und moderiert',
		'Pressemitteilung zur Gruppengründung',
		'In-Gang-Setzerin für die ersten Treffen vermittelt',
		'Auswertungsgespräch nach den ersten Treffen'
	],
	accompaniment: ['Gruppentreffen begleitet', 'Besuch in der Gruppe auf Einladung', 'Begleitung beim Wechsel der Gruppensprecherin'],
	supervision: ['Supervision für die Gruppensprecher*innen', 'Fallbesprechung mit der Gruppenleitung'],
	mediation: ['Konfliktgespräch in der Gruppe moderiert', 'Klärungsgespräch zwischen zwei Mitgliedern'],
	public_relations: [
		'Flyer überarbeitet und gedruckt',
		'Aushang und Eintrag im Veranstaltungskalender',
		'Vorstellung der Gruppe beim Selbsthilfetag'
	],
	funding_advice: [
		'Beratung zum Antrag auf Pauschalförderung (§ 20h SGB V)',
		'Hilfe beim Verwendungsnachweis',
		'Beratung zur Projektförderung'
	],
	other: ['Raumfrage geklärt', 'Beratung zum Datenschutz in der Gruppe', 'Telefonat zur Neuausrichtung der Gruppe']
};

// ---------------------------------------------------------------------------------------------------------------
// Places: real postal codes (for the map and the distance search), invented streets and districts

const codes = (text: string) => text.split(' ');
const AREAS: { city: string[]; region: string[] }[] = [
	{
		city: codes(
			'30159 30161 30163 30165 30167 30169 30171 30173 30175 30177 30179 30419 30449 30451 30453 30455 30457 30459 30519 30521 30539 30559 30625 30627 30629 30655 30657 30659 30669'
		),
		region: codes('30823 30826 30827 30853 30880 30890 30900 30916 30926 30938 30952 30966 30974 30982 30989')
	},
	{ city: codes('31134 31135 31137 31139 31141'), region: [] }
];

const DISTRICTS = [
	'Mitte',
	'Nordstadt',
	'Südstadt',
	'Oststadt',
	'Weststadt',
	'Altstadt',
	'Neustadt',
	'Gartenstadt',
	'Kirchfeld',
	'Heideviertel',
	'Mühlenviertel',
	'Bruchfeld',
	'Feldmark',
	'Lindenhof',
	'Bahnhofsviertel',
	'Sonnenberg'
];

const STREET_STEMS = ['Beispiel', 'Muster', 'Probe', 'Demo', 'Platzhalter', 'Fiktiv'];
const STREET_ENDINGS = ['weg', 'straße', 'allee', 'ring', 'gasse'];
const STREET_PHRASES = ['Am Musterplatz', 'An der Beispielkirche', 'Am Probepark', 'Im Demogarten', 'Hinter dem Musterhof'];

type Place = { postalCode: string; city: string; district: string; label: string; lat: number; lon: number; inCity: boolean };

function placesOf(office: { postalCode: string; city: string }): Place[] {
	const area = AREAS.find((a) => a.city.includes(office.postalCode) || a.region.includes(office.postalCode)) ?? {
		city: lookupPostalCode(office.postalCode) ? [office.postalCode] : AREAS[0]!.city,
		region: []
	};
	const result: Place[] = [];
	area.city.forEach((postalCode, i) => {
		const info = lookupPostalCode(postalCode);
		const district = DISTRICTS[i % DISTRICTS.length]!;
		if (info)
			result.push({ postalCode, city: office.city || info.place, district, label: district, lat: info.lat, lon: info.lon, inCity: true });
	});
	for (const postalCode of area.region) {
		const info = lookupPostalCode(postalCode);
		if (info) result.push({ postalCode, city: info.place, district: '', label: info.place, lat: info.lat, lon: info.lon, inCity: false });
	}
	return result;
}

// ---------------------------------------------------------------------------------------------------------------
// People: clearly invented names, example.org addresses, phone numbers from a fictional range

const FIRST_NAMES = (
	'Anja Murat Olga Jens Petra Ayşe Dmytro Fatma Klaus Sabine Tobias Leyla Karin Uwe Nadia Sven ' +
	'Monika Emre Irina Heike Paul Swetlana Yusuf Birgit Lukas Marta Jörg Elif Andrea Kemal Renate Timo'
).split(' ');
const LAST_NAMES =
	'Beispiel Muster Probe Demo Fiktiv Mustermann Beispielmann Exempel Platzhalter Vorlage Entwurf Musterfrau Probemann Testmann Skizze Schablone'.split(
		' '
	);

const emailPart = (name: string) =>
	name
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '');

// ---------------------------------------------------------------------------------------------------------------
// Schedules

const pad2 = (n: number) => String(n).padStart(2, '0');
const wallTime = (minutes: number) => `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;

function schedule(
	random: Random,
	options: { startDate: string; endDate: string | null; daytime: boolean; breaks: DateRange[] }
): Recurrence {
	const pattern = random.weighted({ weekly: 3, biweekly: 2, monthly: 5 });
	const weekday = random.pick<Weekday>(options.daytime ? [1, 2, 3, 4, 5] : [1, 1, 2, 2, 3, 3, 4, 4, 5, 6]);
	const start = options.daytime ? random.pick([600, 630, 840, 870, 900, 930]) : random.pick([1020, 1050, 1080, 1110, 1140, 1140, 1170]);
	let duration = random.pick([90, 120, 120, 150]);
	if (start + duration > 21 * 60 + 30) duration = 120;
	const breaks = [...options.breaks];
	if (random.chance(0.25)) breaks.push({ from: '07-15', to: '08-31' });
	else if (random.chance(0.1)) breaks.push({ from: '12-22', to: '01-06' });
	return {
		frequency: pattern === 'monthly' ? 'monthly' : 'weekly',
		interval: pattern === 'biweekly' ? 2 : 1,
		weekdays: [weekday],
		weeksOfMonth: pattern === 'monthly' ? random.pick<WeekOfMonth[]>([[1], [2], [3], [4], [1, 3], [2, 4], [2, 4], [-1]]) : [],
		startDate: options.startDate,
		endDate: options.endDate,
		startTime: wallTime(start),
		endTime: wallTime(start + duration),
		breaks,
		skipHolidays: random.chance(0.85),
		exceptions: []
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Which groups, and in which state

type Candidate = { kind: Kind; name: string; place: Place };

/** Every kind once, local kinds once per district or town; shuffled, without repeated names. */
function chooseGroups(random: Random, places: Place[], city: string, count: number): Candidate[] {
	const cityPlaces = places.filter((p) => p.inCity);
	const regionPlaces = places.filter((p) => !p.inCity);
	const labels = (list: Place[]) => [...new Set(list.map((p) => p.label))];
	const candidates: Candidate[] = [];
	for (const kind of KINDS) {
		const base = kind.name.replace('{city}', city);
		if (!kind.repeat) {
			const inCity = kind.name.includes('{city}') || !regionPlaces.length || random.chance(0.7);
			candidates.push({ kind, name: base, place: random.pick(inCity ? cityPlaces : regionPlaces) });
			continue;
		}
		const cityLabels = random.shuffle(labels(cityPlaces));
		const regionLabels = random.shuffle(labels(regionPlaces));
		for (let i = 0; i < kind.repeat; i++) {
			const label = (random.chance(0.6) ? cityLabels.shift() : regionLabels.shift()) ?? cityLabels.shift() ?? regionLabels.shift();
			if (label) candidates.push({ kind, name: `${base} ${label}`, place: random.pick(places.filter((p) => p.label === label)) });
		}
	}
	const seen = new Set<string>();
	return random
		.shuffle(candidates)
		.filter((c) => !seen.has(c.name) && Boolean(seen.add(c.name)))
		.slice(0, count);
}

type State = {
	lifecycle: LifecycleState;
	moderation: ModerationState;
	/** published long ago, never confirmed since: the freshness job hid it */
	staleHidden: boolean;
	hiddenOnRequest: boolean;
	/** the schedule is known only as text (an import could not read it) */
	scheduleTextOnly: boolean;
};

/** Lifecycle and moderation states in exact shares: ~80 % active, some founding, paused, dissolved; a few drafts. */
function assignStates(random: Random, n: number): State[] {
	const lifecycles = quota<LifecycleState>(random, n, [
		['active', 0.8],
		['founding', 0.06],
		['interest', 0.04],
		['paused', 0.05],
		['dissolved', 0.05]
	]);
	const states: State[] = lifecycles.map((lifecycle) => ({
		lifecycle,
		moderation: lifecycle === 'dissolved' ? 'hidden' : 'published',
		staleHidden: false,
		hiddenOnRequest: false,
		scheduleTextOnly: false
	}));
	const open = random.shuffle(states.filter((s) => s.lifecycle !== 'dissolved' && s.lifecycle !== 'paused'));
	for (const s of open.splice(0, Math.round(n * 0.07))) s.moderation = 'draft';
	for (const s of open.splice(0, Math.round(n * 0.02))) s.moderation = 'review';
	const active = open.filter((s) => s.lifecycle === 'active');
	for (const s of active.splice(0, Math.round(n * 0.02))) Object.assign(s, { moderation: 'hidden', staleHidden: true });
	for (const s of active.splice(0, Math.round(n * 0.01))) Object.assign(s, { moderation: 'hidden', hiddenOnRequest: true });
	for (const s of active.splice(0, Math.round(n / 40))) s.scheduleTextOnly = true;
	return states;
}

// ---------------------------------------------------------------------------------------------------------------
// A group's history, in days before now ("age": larger = earlier)

type HistoryEvent = {
	kind: 'lifecycle' | 'moderation' | 'confirmation';
	from: string | null;
	to: string;
	age: number;
	note?: string;
	by?: string;
};

type Timeline = {
	events: HistoryEvent[];
	createdAge: number;
	/** since when the group meets regularly (0 for groups not meeting yet) */
	activeAge: number;
	dissolvedAge: number | null;
	/** pauses as [from, to] ages; `to` null = still paused */
	pauses: [number, number | null][];
	/** the founding the contact point supported: [from, to] ages */
	foundingSupport: [number, number] | null;
	confirmAge: number;
	staleAge: number | null;
	requestedAge: number | null;
	publishedAge: number | null;
	lifecycleAge: number;
	latestAge: number;
	version: number;
};

const INTEREST_NOTE = 'Interesse bei der Kontaktstelle gemeldet';
const FOUNDING_NOTE = 'Gründungsinitiative über die Kontaktstelle';

function timelineOf(random: Random, state: State): Timeline {
	const { lifecycle, moderation } = state;
	const recent = moderation === 'draft' || moderation === 'review';
	const events: HistoryEvent[] = [];
	const lifecycleEvent = (from: string | null, to: LifecycleState, age: number, note = '') =>
		events.push({ kind: 'lifecycle', from, to, age, note });

	// freshness (GRP-3): 12 months → due for confirmation, 15 → flagged stale, 18 → hidden
	let confirmAge = -1;
	let staleAge: number | null = null;
	let requestedAge: number | null = null;
	let hideAge: number | null = null;
	const bucket = state.staleHidden
		? 'hidden'
		: moderation === 'published' && (lifecycle === 'active' || lifecycle === 'paused')
			? random.weighted({ fresh: 0.78, due: 0.16, stale: 0.06 })
			: 'fresh';
	if (bucket === 'due') {
		confirmAge = random.int(370, 440);
		if (random.chance(0.6)) requestedAge = confirmAge - 366;
	} else if (bucket !== 'fresh') {
		confirmAge = bucket === 'stale' ? random.int(462, 530) : random.int(552, 600);
		requestedAge = confirmAge - 366;
		staleAge = confirmAge - 457;
		if (bucket === 'hidden') hideAge = confirmAge - 549;
	}

	let createdAge: number;
	let activeAge = 0;
	let dissolvedAge: number | null = null;
	const pauses: [number, number | null][] = [];
	let foundingSupport: [number, number] | null = null;
	if (lifecycle === 'interest') {
		createdAge = recent ? random.int(2, 40) : random.int(10, 100);
		lifecycleEvent(null, 'interest', createdAge, INTEREST_NOTE);
	} else if (lifecycle === 'founding') {
		createdAge = recent ? random.int(2, 45) : random.int(30, 200);
		if (createdAge > 45 && random.chance(0.5)) {
			lifecycleEvent(null, 'interest', createdAge, INTEREST_NOTE);
			lifecycleEvent('interest', 'founding', random.int(10, createdAge - 21), 'Genug Interessierte für ein erstes Treffen');
		} else lifecycleEvent(null, 'founding', createdAge, FOUNDING_NOTE);
		foundingSupport = [createdAge, 0];
	} else {
		const minimum = lifecycle === 'dissolved' ? 330 : lifecycle === 'paused' ? 220 : 20;
		createdAge = recent ? random.int(2, 60) : random.int(Math.max(minimum, confirmAge + 1), 1095);
		if (!recent && createdAge > 160 && random.chance(0.3)) {
			activeAge = createdAge - random.int(45, 120);
			lifecycleEvent(null, 'founding', createdAge, FOUNDING_NOTE);
			lifecycleEvent('founding', 'active', activeAge, 'Regelmäßige Treffen, Gründungsbegleitung abgeschlossen');
			foundingSupport = [createdAge, activeAge];
		} else {
			activeAge = createdAge;
			lifecycleEvent(null, 'active', createdAge);
		}
		if (lifecycle === 'active' && !recent && activeAge > 320 && random.chance(0.12)) {
			const paused = random.int(180, activeAge - 60);
			const resumed = paused - random.int(45, 120);
			lifecycleEvent('active', 'paused', paused, random.pick(['Gruppenleitung erkrankt', 'Raum vorübergehend nicht verfügbar']));
			lifecycleEvent('paused', 'active', resumed, 'Treffen wieder aufgenommen');
			pauses.push([paused, resumed]);
		}
		if (lifecycle === 'paused') {
			const paused = random.int(14, Math.max(14, Math.min(240, activeAge - 90)));
			lifecycleEvent(
				'active',
				'paused',
				paused,
				random.pick(['Zu wenige Teilnehmende, Neustart geplant', 'Gruppensprecherin erkrankt', 'Raum wird renoviert'])
			);
			pauses.push([paused, null]);
		}
		if (lifecycle === 'dissolved') {
			dissolvedAge = random.int(20, Math.min(330, activeAge - 150));
			lifecycleEvent(
				'active',
				'dissolved',
				dissolvedAge,
				random.pick([
					'Gruppe hat sich aufgelöst, Mitglieder treffen sich privat weiter',
					'Zu wenige Teilnehmende',
					'Gruppensprecher hört auf, keine Nachfolge gefunden'
				])
			);
		}
	}
	if (confirmAge < 0)
		confirmAge = recent
			? createdAge
			: dissolvedAge !== null
				? random.int(dissolvedAge, Math.min(createdAge, dissolvedAge + 150))
				: random.int(0, Math.min(createdAge, 330));

	let publishedAge: number | null = null;
	if (recent) {
		events.push({
			kind: 'moderation',
			from: null,
			to: moderation,
			age: createdAge,
			note: moderation === 'review' ? 'Eintrag über das Gruppenformular' : ''
		});
	} else {
		if (random.chance(0.35)) {
			publishedAge = Math.max(0, createdAge - random.int(1, 21));
			events.push({ kind: 'moderation', from: null, to: 'draft', age: createdAge });
			events.push({ kind: 'moderation', from: 'draft', to: 'published', age: publishedAge });
		} else {
			publishedAge = createdAge;
			events.push({ kind: 'moderation', from: null, to: 'published', age: createdAge });
		}
		const hide = (age: number, note: string, by?: string) =>
			events.push({ kind: 'moderation', from: 'published', to: 'hidden', age, note, by });
		if (dissolvedAge !== null) hide(dissolvedAge, 'Gruppe aufgelöst');
		else if (hideAge !== null) hide(hideAge, 'stale', 'freshness');
		else if (state.hiddenOnRequest)
			hide(random.int(1, Math.max(1, Math.min(200, publishedAge - 7))), 'Auf Wunsch der Gruppe vorübergehend nicht veröffentlicht');
	}
	// the last confirmation and yearly ones before it
	for (let age = confirmAge; age < createdAge - 20; age += random.int(330, 380))
		events.push({ kind: 'confirmation', from: null, to: 'confirmed', age });

	const changes = events.filter((e) => e.kind !== 'confirmation');
	return {
		events,
		createdAge,
		activeAge,
		dissolvedAge,
		pauses,
		foundingSupport,
		confirmAge,
		staleAge,
		requestedAge,
		publishedAge,
		lifecycleAge: Math.min(...events.filter((e) => e.kind === 'lifecycle').map((e) => e.age)),
		latestAge: Math.min(...events.map((e) => e.age)),
		version: Math.max(1, changes.length - 1)
	};
}

// ---------------------------------------------------------------------------------------------------------------
// The texts of one group

function textsOf(
	random: Random,
	kind: Kind,
	group: { lifecycle: LifecycleState; format: GroupFormat; sensitive: boolean; languages: string[]; city: string }
): { description: string; firstVisit: string } {
	const { lifecycle } = group;
	const intro =
		lifecycle === 'founding'
			? `Eine neue Gruppe für ${kind.who} ist in Gründung.`
			: lifecycle === 'interest'
				? `Bei der Kontaktstelle haben sich ${kind.who} gemeldet, die eine Gruppe gründen möchten.`
				: random.pick(INTROS)(kind.who, group.city);
	const about = random.shuffle(ABOUT[kind.category]).slice(0, lifecycle === 'active' ? random.int(1, 2) : 1);
	const spoken = group.languages.length > 1 || group.languages[0] !== 'de';
	const closing = spoken
		? [`Gesprochen wird ${group.languages.map((l) => LANGUAGE_NAMES[l] ?? l).join(' und ')}.`]
		: random.chance(0.5)
			? [random.pick(CLOSINGS)]
			: [];
	const category = FIRST_VISIT[kind.category];
	const firstVisit =
		lifecycle === 'interest'
			? FIRST_INTEREST
			: lifecycle === 'founding'
				? [random.pick(FIRST_FOUNDING), random.pick(FIRST_GENERAL)]
				: group.format === 'online'
					? [random.pick(FIRST_ONLINE), random.pick(category)]
					: group.sensitive
						? [random.pick(FIRST_SENSITIVE), random.pick(category)]
						: [random.pick(category), random.pick(FIRST_GENERAL)];
	return { description: [intro, ...about, ...closing].join(' '), firstVisit: firstVisit.join(' ') };
}

// ---------------------------------------------------------------------------------------------------------------
// The loader

type SeriesPlace = {
	locationKind: LocationKind;
	street: string;
	postalCode: string;
	city: string;
	district: string;
	lat: number | null;
	lon: number | null;
	stepFree: StepFree;
	accessibleToilet: boolean;
	hearingLoop: boolean;
	signLanguage: boolean;
};

const REMOTE = (locationKind: LocationKind): SeriesPlace => ({
	locationKind,
	street: '',
	postalCode: '',
	city: '',
	district: '',
	lat: null,
	lon: null,
	stepFree: 'unknown',
	accessibleToilet: false,
	hearingLoop: false,
	signLanguage: false
});

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 250): Promise<void> {
	for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Inserts `count` demo groups (default 168) for the office `tenantId`, inside the caller's
 * system-scope transaction, and returns how many groups, meeting series and contact persons it made.
 */
export async function loadDemoGroups(
	tx: Tx,
	actor: Actor,
	options: { tenantId: string; now: Date; count?: number }
): Promise<{ groups: number; series: number; contacts: number }> {
	const { tenantId, now } = options;
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
	const random = generator(`treffpunkt-demo:${office.name}`);
	const federalState = office.federalState as FederalState;
	const city = office.city || 'Musterstadt';
	const todayIso = today(now);

	// moments "age" days ago at some earlier hour of the day; the jitter keeps the Berlin date, so `at` and `dateOf` agree
	const [hour = 0, minute = 0] = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/Berlin',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	})
		.format(now)
		.split(':')
		.map(Number);
	const jitter = Math.max(0, Math.min(6 * 60, hour * 60 + minute - 60));
	const at = (age: number) => new Date(now.getTime() - Math.max(0, age) * DAY - random.int(0, jitter) * 60 * 1000);
	const dateOf = (age: number) => today(new Date(now.getTime() - Math.max(0, age) * DAY));

	const topicRows = await tx
		.select({ id: topics.id, key: topics.key })
		.from(topics)
		.where(inArray(topics.key, [...new Set(KINDS.flatMap((kind) => kind.topics))]));
	const topicId = new Map(topicRows.map((row) => [row.key, row.id]));

	const places = placesOf(office);
	const officePlace = places.find((p) => p.postalCode === office.postalCode);
	const chosen = chooseGroups(random, places, city, options.count ?? 168);
	const states = assignStates(random, chosen.length);
	const slugs = await uniqueGroupSlugs(
		tx,
		chosen.map((c) => slugify(c.name.includes(c.place.city) ? c.name : `${c.name} ${c.place.city}`))
	);

	const groupRows: (typeof groups.$inferInsert)[] = [];
	const topicLinks: (typeof groupTopics.$inferInsert)[] = [];
	const seriesRows: (typeof meetingSeries.$inferInsert)[] = [];
	const historyRows: (typeof groupHistory.$inferInsert)[] = [];
	const personRows: (typeof contactPersons.$inferInsert)[] = [];
	const consentRows: (typeof consents.$inferInsert)[] = [];
	const supportRows: (typeof supportEntries.$inferInsert)[] = [];

	const venue = (kind: Kind, place: Place, atOffice: boolean): SeriesPlace => {
		const stepFree = atOffice ? 'yes' : random.weighted<StepFree>({ yes: 0.5, partial: 0.15, no: 0.1, unknown: 0.25 });
		const street = random.chance(0.2) ? random.pick(STREET_PHRASES) : `${random.pick(STREET_STEMS)}${random.pick(STREET_ENDINGS)}`;
		return {
			locationKind: 'address',
			street: atOffice ? office.street : `${street} ${random.int(1, 60)}`,
			postalCode: place.postalCode,
			city: place.city,
			district: place.district,
			lat: place.lat,
			lon: place.lon,
			stepFree,
			accessibleToilet: atOffice || (stepFree === 'yes' ? random.chance(0.7) : stepFree === 'partial' && random.chance(0.3)),
			hearingLoop: atOffice || kind.hearing || random.chance(0.05),
			signLanguage: kind.sign || random.chance(0.02)
		};
	};

	chosen.forEach(({ kind, name, place }, i) => {
		const id = randomUUID();
		const state = states[i]!;
		const { lifecycle, moderation } = state;
		const sensitive = kind.sensitive ?? SENSITIVE.has(kind.category);
		const time = timelineOf(random, state);

		for (const event of time.events)
			historyRows.push({
				tenantId,
				groupId: id,
				kind: event.kind,
				fromState: event.from,
				toState: event.to,
				effectiveOn: dateOf(event.age),
				note: event.note ?? '',
				actorLabel: event.by ?? STAFF,
				at: at(event.age)
			});

		// ---- the record
		const format: GroupFormat = kind.repeat
			? random.chance(0.12)
				? 'hybrid'
				: 'in_person'
			: kind.online
				? 'online'
				: random.weighted(
						kind.category === 'rare_disease'
							? { in_person: 0.55, online: 0.25, hybrid: 0.2 }
							: kind.category === 'older_age'
								? { in_person: 0.9, online: 0.02, hybrid: 0.08 }
								: { in_person: 0.79, online: 0.1, hybrid: 0.11 }
					);
		const contactMode: ContactMode = sensitive ? (random.chance(0.7) ? 'office' : 'relay') : random.chance(0.6) ? 'relay' : 'office';
		const addressVisibility: AddressVisibility = sensitive
			? random.chance(0.6)
				? 'approximate'
				: 'hidden'
			: random.chance(0.6)
				? 'public'
				: 'approximate';
		const languages = kind.languages ?? (random.chance(0.05) ? ['de', 'en'] : ['de']);
		const texts = textsOf(random, kind, { lifecycle, format, sensitive, languages, city: format === 'online' ? city : place.city });
		const scheduleText = state.scheduleTextOnly ? random.pick(SCHEDULE_TEXTS) : null;
		groupRows.push({
			id,
			tenantId,
			slug: slugs[i]!,
			name,
			...texts,
			audiences: kind.audiences ?? [kind.category === 'relatives' ? 'relatives' : 'affected'],
			languages,
			keywords: kind.keywords,
			format,
			acceptingMembers: lifecycle === 'paused' || lifecycle === 'dissolved' ? false : random.chance(0.9),
			lifecycle,
			lifecycleSince: dateOf(time.lifecycleAge),
			moderation,
			contactMode,
			addressVisibility,
			estimatedSize: lifecycle === 'interest' ? null : lifecycle === 'founding' ? random.int(5, 8) : random.int(5, 25),
			website: random.chance(0.08) ? `https://example.org/gruppen/${slugs[i]!}` : '',
			dedupeKey: dedupeKey(name),
			reviewNote: scheduleText
				? `Termin nur als Text bekannt („${scheduleText}“) – bitte Wochentag und Uhrzeit mit der Gruppe klären.`
				: '',
			confirmedAt: at(time.confirmAge),
			staleSince: time.staleAge === null ? null : at(time.staleAge),
			confirmationRequestedAt: time.requestedAge === null ? null : at(time.requestedAge),
			publishedAt: time.publishedAge === null ? null : at(time.publishedAge),
			version: time.version,
			createdAt: at(time.createdAge),
			updatedAt: at(time.latestAge)
		});
		for (const key of kind.topics) {
			const topic = topicId.get(key);
			if (topic) topicLinks.push({ tenantId, groupId: id, topicId: topic });
		}

		// ---- meetings: 1–2 series with valid recurrences
		const atOffice = officePlace !== undefined && !kind.repeat && place.inCity && random.chance(0.35);
		const firstPlace =
			lifecycle === 'interest' || (sensitive && random.chance(0.12))
				? REMOTE('on_request')
				: format === 'online'
					? REMOTE('online')
					: venue(kind, atOffice ? officePlace : place, atOffice);
		const daytime = kind.daytime && random.chance(0.8);
		const startAge =
			lifecycle === 'founding' || lifecycle === 'interest'
				? 0
				: time.foundingSupport
					? time.activeAge
					: time.activeAge + random.int(0, 400);
		const firstStart =
			lifecycle === 'interest'
				? addDays(todayIso, random.int(30, 75))
				: lifecycle === 'founding'
					? random.chance(0.5)
						? addDays(todayIso, random.int(7, 42))
						: dateOf(random.int(0, Math.max(0, time.createdAge - 14)))
					: dateOf(startAge);
		const endDate = time.dissolvedAge === null ? null : dateOf(time.dissolvedAge);
		const breaks: DateRange[] = time.pauses.map(([from, to]) => ({
			from: dateOf(from),
			// a group still paused plans to start again in a few weeks
			to: to === null ? addDays(todayIso, random.int(30, 120)) : dateOf(to)
		}));
		const plans: { rule: Recurrence | null; text: string; place: SeriesPlace }[] = [
			{
				rule: scheduleText ? null : schedule(random, { startDate: firstStart, endDate, daytime, breaks }),
				text: scheduleText ?? '',
				place: firstPlace
			}
		];
		if ((lifecycle === 'active' || lifecycle === 'paused' || lifecycle === 'dissolved') && random.chance(0.2)) {
			const earliest = (time.dissolvedAge ?? 0) + 60;
			plans.push({
				rule: schedule(random, {
					startDate: dateOf(random.int(earliest, Math.max(earliest, startAge))),
					endDate,
					daytime: !daytime && random.chance(0.3),
					breaks
				}),
				text: '',
				place: format === 'in_person' ? venue(kind, place, false) : REMOTE('online')
			});
		}
		plans.forEach((plan, position) => {
			if (plan.rule) {
				const issues = validateRecurrence(plan.rule, { federalState, today: todayIso });
				if (issues.length) throw new Error(`demo schedule for ${name} is invalid: ${JSON.stringify(issues)}`);
			}
			seriesRows.push({
				tenantId,
				groupId: id,
				recurrence: plan.rule,
				scheduleText: plan.text,
				...plan.place,
				position,
				createdAt: at(time.createdAge),
				updatedAt: at(time.latestAge)
			});
		});

		// ---- contact persons (fictional), each with a consent on record
		if (lifecycle !== 'interest' && random.chance(0.74)) {
			for (let p = random.chance(0.25) ? 2 : 1; p > 0; p--) {
				const first = random.pick(FIRST_NAMES);
				const last = random.pick(LAST_NAMES);
				const personId = randomUUID();
				const givenAge = random.int(Math.min(time.createdAge, 5), Math.min(time.createdAge, 540));
				personRows.push({
					id: personId,
					tenantId,
					groupId: id,
					name: `${first} ${last}`,
					email: `${emailPart(first)}.${emailPart(last)}@example.org`,
					phone: random.chance(0.55) ? `0511 555 01${pad2(random.int(0, 99))}` : '',
					createdAt: at(givenAge)
				});
				consentRows.push({
					tenantId,
					contactPersonId: personId,
					purpose: 'group_contact',
					source: random.weighted({ form: 0.4, written: 0.25, email: 0.2, verbal: 0.15 }),
					givenOn: dateOf(givenAge),
					recordedBy: STAFF,
					createdAt: at(givenAge)
				});
			}
		}

		// ---- support by the contact point in the last 18 months
		const ages = (from: number, to: number) =>
			Array.from({ length: random.int(1, 3) }, () => random.int(Math.max(0, to), Math.max(0, from)));
		const entries: [SupportKind, number][] = [];
		if (time.foundingSupport && time.foundingSupport[0] <= 540)
			for (const age of ages(...time.foundingSupport)) entries.push(['founding', age]);
		if (lifecycle !== 'interest' && random.chance(0.3))
			for (const age of ages(Math.min(time.createdAge, 540), time.dissolvedAge ?? 0))
				entries.push([
					random.weighted({ accompaniment: 3, supervision: 2, public_relations: 2, funding_advice: 2, mediation: 1, other: 1 }),
					age
				]);
		for (const [supportKind, age] of entries)
			supportRows.push({
				tenantId,
				groupId: id,
				kind: supportKind,
				on: dateOf(age),
				minutes: random.int(2, 12) * 15,
				staffLabel: STAFF,
				note: random.pick(SUPPORT_NOTES[supportKind]),
				createdAt: at(age)
			});
	});

	// one or two people withdrew their consent: the record stays as proof, the personal data is erased
	const withdrawals = random.shuffle(personRows.map((_, i) => i)).slice(0, Math.min(2, Math.floor(personRows.length / 40)));
	for (const index of withdrawals) {
		const consent = consentRows[index]!;
		Object.assign(personRows[index]!, { name: '–', email: '', phone: '' });
		const givenAge = Math.round((now.getTime() - new Date(`${consent.givenOn}T12:00:00Z`).getTime()) / DAY);
		consent.withdrawnAt = at(random.int(1, Math.max(1, givenAge - 2)));
	}

	await insertInChunks(groupRows, (chunk) => tx.insert(groups).values(chunk));
	await insertInChunks(topicLinks, (chunk) => tx.insert(groupTopics).values(chunk));
	await insertInChunks(seriesRows, (chunk) => tx.insert(meetingSeries).values(chunk));
	await insertInChunks(historyRows, (chunk) => tx.insert(groupHistory).values(chunk));
	await insertInChunks(personRows, (chunk) => tx.insert(contactPersons).values(chunk));
	await insertInChunks(consentRows, (chunk) => tx.insert(consents).values(chunk));
	await insertInChunks(supportRows, (chunk) => tx.insert(supportEntries).values(chunk));
	const summary = { groups: groupRows.length, series: seriesRows.length, contacts: personRows.length };
	await recordAudit(tx, actor, { tenantId, action: 'create', entity: 'group', entityId: null, changes: { demo: summary } });
	return summary;
}
