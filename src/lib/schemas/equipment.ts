import * as v from 'valibot';
import { isoDate, LIMITS, optionalText } from './common.js';

/**
 * Equipment lending forms (ROOM-5): the inventory item, a reservation, hand-out, return and
 * cancellation. Messages are catalogue keys.
 */
export const ITEM_CONDITIONS = ['good', 'worn', 'damaged', 'missing_parts'] as const;
export type ItemCondition = (typeof ITEM_CONDITIONS)[number];

export const BORROWER_KINDS = ['group', 'other'] as const;

const condition = v.picklist(ITEM_CONDITIONS, 'equipment_condition_invalid');
const id = v.pipe(v.string(), v.trim(), v.uuid('error_invalid_choice'));

/** An item of the inventory: "Beamer", "Mobile Lautsprecheranlage mit zwei Funkmikrofonen". */
export const ItemInput = v.strictObject({
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('equipment_name_missing'), v.maxLength(LIMITS.name, 'error_too_long')),
	description: optionalText(LIMITS.text),
	condition,
	active: v.boolean()
});
export type ItemInput = v.InferOutput<typeof ItemInput>;

/** A reservation for whole days, for a group of the office or another borrower (free text). */
export const ReservationInput = v.pipe(
	v.strictObject({
		borrowerKind: v.picklist(BORROWER_KINDS, 'error_invalid_choice'),
		groupId: v.optional(v.pipe(v.string(), v.trim()), ''),
		borrower: optionalText(LIMITS.short),
		fromDate: isoDate,
		untilDate: isoDate,
		note: optionalText(LIMITS.text)
	}),
	v.forward(
		v.partialCheck(
			[['borrowerKind'], ['groupId']],
			(input) => input.borrowerKind !== 'group' || /^[0-9a-f-]{36}$/i.test(input.groupId),
			'equipment_group_missing'
		),
		['groupId']
	),
	v.forward(
		v.partialCheck(
			[['borrowerKind'], ['borrower']],
			(input) => input.borrowerKind !== 'other' || input.borrower.length > 0,
			'equipment_borrower_missing'
		),
		['borrower']
	)
);
export type ReservationInput = v.InferOutput<typeof ReservationInput>;

export const HandOutInput = v.strictObject({ loanId: id, conditionOut: condition, note: optionalText(LIMITS.text) });
export const ReturnInput = v.strictObject({ loanId: id, conditionBack: condition, note: optionalText(LIMITS.text) });
export const CancelInput = v.strictObject({ loanId: id });
