import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { channelAuthorised } from '#lib/server/cli/channel.js';
import { runCommand } from '#lib/server/cli/commands.js';
import { closeSetup, runtime } from '#lib/server/runtime.js';

// The operator CLI's channel into a running server (see src/lib/server/cli/channel.ts).
export const POST: RequestHandler = async ({ request, locals }) => {
	if (!channelAuthorised(request.headers.get('authorization'), locals.clientAddress, process.env.TREFFPUNKT_CLI_TOKEN))
		error(404, 'Not Found');
	const body = (await request.json().catch(() => null)) as { argv?: unknown } | null;
	const argv = Array.isArray(body?.argv) && body.argv.every((a) => typeof a === 'string') ? (body.argv as string[]) : null;
	if (!argv) error(400, 'argv missing');
	return json(await runCommand(argv, { database: runtime().database, onSetupDone: closeSetup }));
};
