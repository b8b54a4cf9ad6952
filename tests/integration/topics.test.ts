import { describe, expect, it } from 'vitest';
import { useDatabase } from './fixtures.js';
import { userActor } from './groups-fixtures.js';
import { inScope } from '../../src/lib/server/db/scope.js';
import { systemActor } from '../../src/lib/server/auth/actor.js';
import { createOfficeIn } from '../../src/lib/server/modules/tenants/tenants.service.js';
import { addUser } from '../../src/lib/server/modules/accounts/accounts.service.js';
import { newOffice } from '../../src/lib/schemas/office.js';
import {
	acceptProposedTopic,
	addTopic,
	listTopics,
	loadVocabulary,
	updateTopic
} from '../../src/lib/server/modules/topics/topics.service.js';
import { matchTopic } from '../../src/lib/server/modules/topics/vocabulary.js';

describe('thesaurus editing (DIR-7)', () => {
	const db = useDatabase();

	it('a contact point proposes a topic, its state office accepts it, and every office below then finds it — the contact point cannot edit the thesaurus itself', async () => {
		const d = db.get().db;
		const { state, north, south } = await inScope(d, { kind: 'system' }, async (tx) => {
			const state = await createOfficeIn(tx, systemActor('test'), newOffice('Landesstelle Test', 'state_office', 'NI'));
			const north = await createOfficeIn(tx, systemActor('test'), {
				...newOffice('Kontaktstelle Nord', 'contact_point', 'NI'),
				parentId: state.id
			});
			const south = await createOfficeIn(tx, systemActor('test'), {
				...newOffice('Kontaktstelle Süd', 'contact_point', 'NI'),
				parentId: state.id
			});
			return { state, north, south };
		});
		const person = async (officeId: string, email: string) =>
			userActor(
				(await addUser(d, systemActor('test'), { officeId, email, name: email, role: 'admin', password: 'richtig-langes-passwort' }))
					.userId,
				officeId,
				'admin',
				email
			);
		const stateAdmin = await person(state.id, 'land@example.org');
		const northAdmin = await person(north.id, 'nord@example.org');

		await expect(
			addTopic(
				{ db: d, actor: northAdmin },
				{ labelDe: 'Prosopagnosie', labelEn: '', category: 'mental_health', synonyms: ['Gesichtsblindheit'] }
			)
		).rejects.toMatchObject({ code: 'forbidden' });
		const proposed = await addTopic(
			{ db: d, actor: northAdmin },
			{ labelDe: 'Prosopagnosie', labelEn: 'Face blindness', category: 'mental_health', synonyms: ['Gesichtsblindheit'] },
			{ propose: true }
		);
		expect(proposed.status).toBe('proposed');
		// a proposal is not yet part of anybody's vocabulary
		expect(matchTopic(await loadVocabulary(d, north.id), 'Gesichtsblindheit')).toBeUndefined();
		// a topic that exists already (as a label or synonym) cannot be added twice
		await expect(
			addTopic({ db: d, actor: stateAdmin }, { labelDe: 'Alkoholsucht', labelEn: '', category: 'addiction', synonyms: [] })
		).rejects.toMatchObject({ code: 'conflict' });

		const seen = await listTopics(d, stateAdmin, { q: 'Prosopag' });
		expect(seen.map((t) => [t.labelDe, t.status])).toEqual([['Prosopagnosie', 'proposed']]);
		await expect(acceptProposedTopic({ db: d, actor: northAdmin }, proposed.id)).rejects.toMatchObject({ code: 'forbidden' });
		await acceptProposedTopic({ db: d, actor: stateAdmin }, proposed.id);

		expect(matchTopic(await loadVocabulary(d, south.id), 'Gesichtsblindheit')?.labelDe).toBe('Prosopagnosie');
		expect(matchTopic(await loadVocabulary(d, north.id), 'prosopagnosie')?.labelDe).toBe('Prosopagnosie');
		await expect(acceptProposedTopic({ db: d, actor: stateAdmin }, proposed.id)).rejects.toMatchObject({ code: 'not_found' });
	});

	it('an editor files her topic under a broader one and in another area, and cannot make a topic its own ancestor', async () => {
		const d = db.get().db;
		const state = (await inScope(d, { kind: 'system' }, (tx) =>
			tx.query.tenants.findFirst({ where: (t, { eq }) => eq(t.kind, 'state_office') })
		))!;
		const members = await inScope(d, { kind: 'system' }, (tx) =>
			tx.query.memberships.findMany({ where: (m, { eq }) => eq(m.tenantId, state.id) })
		);
		const editor = userActor(members[0]!.userId, state.id, 'admin', 'land@example.org');
		const parent = await addTopic(
			{ db: d, actor: editor },
			{ labelDe: 'Seltene Wahrnehmungsstörungen', labelEn: '', category: 'disability', synonyms: [] }
		);
		const child = await addTopic(
			{ db: d, actor: editor },
			{ labelDe: 'Farbsinnstörung', labelEn: '', category: 'social_situation', synonyms: ['Farbenblindheit'] }
		);
		await updateTopic({ db: d, actor: editor }, child.id, {
			labelDe: 'Farbsinnstörung',
			labelEn: 'Colour vision deficiency',
			synonyms: ['Farbenblindheit'],
			category: 'disability',
			broaderId: parent.id
		});
		const [row] = await listTopics(d, editor, { q: 'Farbsinn' });
		expect(row).toMatchObject({ category: 'disability', broader: ['Seltene Wahrnehmungsstörungen'], labelEn: 'Colour vision deficiency' });
		await expect(
			updateTopic({ db: d, actor: editor }, parent.id, {
				labelDe: 'Seltene Wahrnehmungsstörungen',
				labelEn: '',
				synonyms: [],
				broaderId: child.id
			})
		).rejects.toMatchObject({ code: 'invalid', details: { field: 'broaderId' } });
	});
});
