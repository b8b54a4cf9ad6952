import * as v from 'valibot';

/** A programme as the staff form sends it (EVT-1): a title and a description; the address follows from the title. */
export const ProgrammeFormInput = v.strictObject({
	title: v.pipe(v.string(), v.trim(), v.nonEmpty('programmes_title_missing'), v.maxLength(200, 'programmes_title_too_long')),
	description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(4000, 'programmes_description_too_long')), '')
});
export type ProgrammeFormInput = v.InferOutput<typeof ProgrammeFormInput>;
