import { m } from '#lib/paraglide/messages.js';
import { formatDate, t } from '#lib/i18n.js';

type Loan = { groupName: string | null; borrower: string; fromDate: string; untilDate: string; status: string; overdue: boolean };

/** Who has or will have the item: the group, the borrower as noted, or a group that no longer exists. */
export const whoOf = (loan: Loan) => loan.groupName ?? (loan.borrower || m.equipment_who_unknown());

/** "08.09.2028 – 10.09.2028", or one date for a one-day loan. */
export const daysOf = (loan: Loan, locale: string) =>
	loan.fromDate === loan.untilDate
		? formatDate(loan.fromDate, locale)
		: m.equipment_days({ from: formatDate(loan.fromDate, locale), until: formatDate(loan.untilDate, locale) });

/** The loan's state in words (never only a colour): overdue counts as its own state. */
export const statusOf = (loan: Loan) => (loan.overdue ? m.equipment_status_overdue() : t(`equipment_status_${loan.status}`));

export const conditionLabel = (condition: string) => (condition ? t(`equipment_condition_${condition}`) : '–');
