import type { RequestHandler } from './$types';
import { apiJson, preflight } from '#lib/server/http/problem.js';
import { openApiDocument } from '#lib/server/modules/directory/openapi.js';
import { publicOrigin } from '#lib/server/http/origin.js';

// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the public API.
export const GET: RequestHandler = ({ url }) => apiJson(openApiDocument(publicOrigin(url)));

export const OPTIONS: RequestHandler = () => preflight();
