import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from '../../src/lib/server/modules/directory/openapi.js';
import { API_PARAMS } from '../../src/lib/server/modules/directory/directory.query.js';

describe('the public API description (/api/v1/openapi.json)', () => {
	const document = openApiDocument('https://treffpunkt.example.org');

	it('is a valid OpenAPI 3.1 document', async () => {
		const validator = new Validator();
		const result = await validator.validate(JSON.parse(JSON.stringify(document)));
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		expect(validator.version).toBe('3.1');
	});

	it('documents exactly the parameters the search reads', () => {
		const documented = document.paths['/groups'].get.parameters.map((p) => p.name).sort();
		expect(documented).toEqual(Object.values(API_PARAMS).sort());
	});

	it('names the endpoints the issue asks for, with problem details for errors', () => {
		expect(Object.keys(document.paths).sort()).toEqual(['/contact-points', '/groups', '/groups/{id}', '/topics']);
		expect(document.paths['/groups'].get.responses['400'].content['application/problem+json']).toBeDefined();
		expect(document.servers[0]!.url).toBe('https://treffpunkt.example.org/api/v1');
	});
});
