import { AUDIENCES, GROUP_FORMATS } from '../../../schemas/group.js';
import { DEFAULT_PAGE_SIZE, DEFAULT_RADIUS_KM, MAX_PAGE_SIZE, MAX_QUERY_LENGTH } from './directory.query.js';
import { ACCESSIBILITY_FEATURES } from './public-group.js';
import { TIMES_OF_DAY } from './search-index.js';

/** The OpenAPI 3.1 description of /api/v1, built from the same value lists the API checks against. */
export function openApiDocument(origin: string) {
	const problemResponse = (description: string) => ({
		description,
		content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
	});
	const list = (values: readonly string[]) => ({ type: 'string', enum: [...values] });
	return {
		openapi: '3.1.0',
		info: {
			title: 'Treffpunkt – öffentliches Verzeichnis / public directory',
			version: '1.0.0',
			description:
				'Öffentliche, veröffentlichte Daten der Selbsthilfegruppen und Kontaktstellen. Nur was die Gruppe freigibt. ' +
				'Fehler als RFC 9457 problem details, auf Deutsch (Standard) oder Englisch (Accept-Language: en). CORS ist für GET offen.\n\n' +
				'Published data of self-help groups and contact points only, as each group allows. Errors are RFC 9457 problem details in German (default) or English (Accept-Language: en). CORS is open for GET.',
			license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' }
		},
		servers: [{ url: `${origin}/api/v1` }],
		paths: {
			'/groups': {
				get: {
					operationId: 'searchGroups',
					summary: 'Gruppen suchen / search groups',
					parameters: [
						{ name: 'q', in: 'query', description: 'Suchtext / free text', schema: { type: 'string', maxLength: MAX_QUERY_LENGTH } },
						{
							name: 'near',
							in: 'query',
							description: 'Postleitzahl oder Ort / German postal code or town',
							schema: { type: 'string', maxLength: 100 }
						},
						{
							name: 'radiusKm',
							in: 'query',
							description: 'Umkreis in km um `near` / radius around `near`',
							schema: { type: 'integer', minimum: 1, maximum: 200, default: DEFAULT_RADIUS_KM }
						},
						{
							name: 'topic',
							in: 'query',
							description:
								'Thema: Id oder Bezeichnung aus /topics, schließt engere Themen ein / topic id or label, includes narrower topics',
							schema: { type: 'string' }
						},
						{ name: 'audience', in: 'query', schema: list(AUDIENCES), explode: true },
						{
							name: 'language',
							in: 'query',
							description: 'ISO 639-1, e.g. `tr`; `dgs` = Deutsche Gebärdensprache',
							schema: { type: 'string', pattern: '^[a-z]{2,3}$' }
						},
						{ name: 'format', in: 'query', description: '`hybrid` groups match `in_person` and `online` too', schema: list(GROUP_FORMATS) },
						{
							name: 'accessible',
							in: 'query',
							description: 'Kommagetrennt, alle müssen zutreffen / comma-separated, all must apply',
							schema: { type: 'array', items: list(ACCESSIBILITY_FEATURES) },
							style: 'form',
							explode: false
						},
						{
							name: 'weekday',
							in: 'query',
							description: 'ISO-Wochentag 1 (Mo) – 7 (So), wiederholbar / ISO weekday, repeatable',
							schema: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 7 } },
							style: 'form',
							explode: true
						},
						{ name: 'timeOfDay', in: 'query', description: 'morning < 12:00 ≤ afternoon < 17:00 ≤ evening', schema: list(TIMES_OF_DAY) },
						{
							name: 'newMembers',
							in: 'query',
							description: 'nur Gruppen, die neue Mitglieder aufnehmen / only groups accepting new members',
							schema: { type: 'boolean' }
						},
						{ name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
						{ name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } }
					],
					responses: {
						'200': {
							description:
								'Treffer im Umkreis (Online-Gruppen eingeschlossen) und, wenn dort weniger als 5 sind, die nächsten darüber hinaus',
							content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResult' } } }
						},
						'400': problemResponse('Ungültiger Parameter / invalid parameter')
					}
				}
			},
			'/groups/{id}': {
				get: {
					operationId: 'getGroup',
					summary: 'Eine Gruppe / one group',
					parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
					responses: {
						'200': { description: 'Die Gruppe', content: { 'application/json': { schema: { $ref: '#/components/schemas/GroupDetail' } } } },
						'404': problemResponse('Unbekannt oder nicht veröffentlicht / unknown or not published')
					}
				}
			},
			'/topics': {
				get: {
					operationId: 'listTopics',
					summary: 'Themen (Thesaurus) / topics',
					responses: {
						'200': {
							description: 'Alle Themen',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										required: ['items'],
										properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Topic' } } }
									}
								}
							}
						}
					}
				}
			},
			'/contact-points': {
				get: {
					operationId: 'listContactPoints',
					summary: 'Kontaktstellen / contact points',
					responses: {
						'200': {
							description: 'Alle veröffentlichten Kontaktstellen',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										required: ['items'],
										properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ContactPoint' } } }
									}
								}
							}
						}
					}
				}
			}
		},
		components: {
			schemas: {
				Problem: {
					type: 'object',
					required: ['type', 'title', 'status'],
					properties: {
						type: { type: 'string' },
						title: { type: 'string' },
						status: { type: 'integer' },
						detail: { type: 'string' },
						invalidParams: {
							type: 'array',
							items: { type: 'object', required: ['name', 'reason'], properties: { name: { type: 'string' }, reason: { type: 'string' } } }
						}
					}
				},
				Place: {
					description: 'Nur so genau, wie die Gruppe es erlaubt / only as precise as the group allows',
					type: 'object',
					required: ['kind'],
					properties: {
						kind: { type: 'string', enum: ['address', 'online', 'on_request'] },
						street: { type: ['string', 'null'] },
						postalCode: { type: ['string', 'null'] },
						city: { type: ['string', 'null'] },
						district: { type: ['string', 'null'] }
					}
				},
				Group: {
					type: 'object',
					required: ['id', 'slug', 'name', 'topics', 'audiences', 'languages', 'format', 'distanceKm', 'nextMeetings', 'place'],
					properties: {
						id: { type: 'string', format: 'uuid' },
						slug: { type: 'string' },
						name: { type: 'string' },
						path: { type: 'string', description: 'Gruppenseite / group page, e.g. /gruppen/{slug}' },
						summary: { type: 'string' },
						topics: {
							type: 'array',
							items: { type: 'object', required: ['id', 'label'], properties: { id: { type: 'string' }, label: { type: 'string' } } }
						},
						audiences: { type: 'array', items: list(AUDIENCES) },
						languages: { type: 'array', items: { type: 'string' } },
						format: list(GROUP_FORMATS),
						acceptingMembers: { type: 'boolean' },
						lifecycle: { type: 'string', enum: ['active', 'founding', 'paused'] },
						distanceKm: { type: ['number', 'null'], description: 'nur mit `near` / only with `near`' },
						place: { oneOf: [{ $ref: '#/components/schemas/Place' }, { type: 'null' }] },
						schedule: { type: 'array', items: { type: 'string' } },
						nextMeetings: {
							type: 'array',
							items: {
								type: 'object',
								required: ['date', 'start', 'end'],
								properties: {
									date: { type: 'string', format: 'date' },
									start: { type: 'string', format: 'date-time' },
									end: { type: 'string', format: 'date-time' }
								}
							}
						},
						accessibility: { type: 'array', items: list(ACCESSIBILITY_FEATURES) },
						contactPoint: {
							type: 'object',
							required: ['slug', 'name'],
							properties: { slug: { type: 'string' }, name: { type: 'string' }, phone: { type: 'string' } }
						},
						lastConfirmed: { type: ['string', 'null'], format: 'date-time' }
					}
				},
				GroupDetail: {
					allOf: [
						{ $ref: '#/components/schemas/Group' },
						{ type: 'object', properties: { description: { type: 'string' }, firstVisit: { type: 'string' } } }
					]
				},
				SearchResult: {
					type: 'object',
					required: ['items', 'total', 'page', 'pageSize', 'beyondRadius'],
					properties: {
						items: { type: 'array', items: { $ref: '#/components/schemas/Group' } },
						total: { type: 'integer' },
						page: { type: 'integer' },
						pageSize: { type: 'integer' },
						beyondRadius: { type: 'array', items: { $ref: '#/components/schemas/Group' } },
						place: { type: ['string', 'null'], description: 'wie `near` verstanden wurde / how `near` was understood' },
						corrections: {
							type: 'array',
							items: { type: 'object', properties: { typed: { type: 'string' }, read: { type: 'string' } } }
						},
						facets: { type: 'object' }
					}
				},
				Topic: {
					type: 'object',
					required: ['id', 'key', 'label'],
					properties: {
						id: { type: 'string', format: 'uuid' },
						key: { type: 'string' },
						label: { type: 'string' },
						labelDe: { type: 'string' },
						labelEn: { type: 'string' },
						category: { type: 'string' },
						synonyms: { type: 'array', items: { type: 'string' } },
						broader: { type: 'array', items: { type: 'string', format: 'uuid' } }
					}
				},
				ContactPoint: {
					type: 'object',
					required: ['slug', 'name'],
					properties: {
						id: { type: 'string', format: 'uuid' },
						slug: { type: 'string' },
						name: { type: 'string' },
						kind: { type: 'string' },
						street: { type: 'string' },
						postalCode: { type: 'string' },
						city: { type: 'string' },
						federalState: { type: 'string' },
						phone: { type: 'string' },
						email: { type: 'string' },
						website: { type: 'string' },
						path: { type: 'string' }
					}
				}
			}
		}
	};
}
