import starter from './starter-thesaurus.json' with { type: 'json' };

/** What `applyMigrations` hands over: a raw connection of either driver, connected as the migration role. */
export type RawClient = { query: (text: string, params?: unknown[]) => Promise<unknown> };

type StarterTopic = { key: string; de: string; en: string; category: string; broader: string[]; synonyms: string[] };

export const STARTER_THESAURUS_VERSION: number = starter.version;

/**
 * Brings the national starter thesaurus (DIR-7) to the shipped version: new topics are added and
 * topics nobody has edited yet (revision 1) take the new labels, synonyms and relations. Topics
 * edited by an administrator keep their edits. Runs after the migrations, in one transaction.
 */
export async function seedStarterThesaurus(client: RawClient): Promise<void> {
	const rows = await client.query(`select version from reference_versions where name = 'starter_thesaurus'`);
	const current = (rows as { rows: { version: number }[] }).rows[0]?.version ?? 0;
	if (current >= starter.version) return;
	const topics = starter.topics as StarterTopic[];
	const payload = JSON.stringify(topics.map(({ key, de, en, category, synonyms }) => ({ key, de, en, category, synonyms })));
	const relations = JSON.stringify(topics.flatMap((topic) => topic.broader.map((broader) => ({ key: topic.key, broader }))));
	await client.query('begin');
	try {
		await client.query(
			`insert into topics (key, label_de, label_en, category, synonyms)
			 select x.key, x.de, x.en, x.category, array(select jsonb_array_elements_text(x.synonyms))
			 from jsonb_to_recordset($1::jsonb) as x(key text, de text, en text, category text, synonyms jsonb)
			 on conflict (key) do update set label_de = excluded.label_de, label_en = excluded.label_en,
			   category = excluded.category, synonyms = excluded.synonyms, updated_at = now()
			 where topics.tenant_id is null and topics.revision = 1`,
			[payload]
		);
		await client.query(`delete from topic_broader tb using topics t where tb.topic_id = t.id and t.tenant_id is null and t.revision = 1`);
		await client.query(
			`insert into topic_broader (topic_id, broader_id)
			 select t.id, b.id from jsonb_to_recordset($1::jsonb) as x(key text, broader text)
			 join topics t on t.key = x.key and t.tenant_id is null and t.revision = 1
			 join topics b on b.key = x.broader
			 on conflict do nothing`,
			[relations]
		);
		await client.query(
			`insert into reference_versions (name, version) values ('starter_thesaurus', $1)
			 on conflict (name) do update set version = excluded.version, applied_at = now()`,
			[starter.version]
		);
		await client.query('commit');
	} catch (error) {
		await client.query('rollback');
		throw error;
	}
}
