import { formErrors, t, type FormState } from '#lib/i18n.js';

type PageForm = (NonNullable<FormState> & { action?: string; loanId?: string; done?: string }) | null | undefined;

/**
 * The failure state of one form of a page with several forms (the item page: edit, reserve, and a
 * form per loan): only the failure marked with that form's `action` counts. Field messages may carry
 * parameters (the other loan of a conflict: who, from, until).
 */
export function formFor(form: PageForm, action: string, loanId?: string) {
	const mine = form && form.action === action && (loanId === undefined || form.loanId === loanId) ? form : null;
	const base = formErrors(mine);
	const params = mine?.issueParams ?? {};
	const fieldError = (name: string) => {
		const key = mine?.issues?.[name];
		return key ? t(key, params[name] ?? {}) : '';
	};
	const summary = Object.entries(mine?.issues ?? {}).map(([field, key]) => ({ field, message: t(key, params[field] ?? {}) }));
	return { ...base, fieldError, summary, failed: !!mine };
}
