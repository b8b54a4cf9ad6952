import type { SessionInfo } from '#lib/server/modules/accounts/accounts.service.js';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			requestId: string;
			clientAddress: string;
			session: SessionInfo | undefined;
			sessionToken: string | undefined;
		}
	}
}

export {};
