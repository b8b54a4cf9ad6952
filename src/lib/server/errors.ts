/**
 * Typed application errors with stable codes. Routes map them to HTTP in one place
 * (`toHttpStatus`); the user sees the German or English message from the catalogue.
 */
export type AppErrorCode =
	'not_found' | 'forbidden' | 'unauthenticated' | 'conflict' | 'invalid' | 'rate_limited' | 'setup_done' | 'database_locked';

export class AppError extends Error {
	readonly code: AppErrorCode;
	readonly details: Record<string, unknown>;
	constructor(code: AppErrorCode, message: string, details: Record<string, unknown> = {}) {
		super(message);
		this.name = 'AppError';
		this.code = code;
		this.details = details;
	}
}

export function toHttpStatus(code: AppErrorCode): number {
	switch (code) {
		case 'not_found':
			return 404;
		case 'forbidden':
			return 403;
		case 'unauthenticated':
			return 401;
		case 'conflict':
		case 'setup_done':
			return 409;
		case 'invalid':
			return 400;
		case 'rate_limited':
			return 429;
		case 'database_locked':
			return 503;
	}
}
