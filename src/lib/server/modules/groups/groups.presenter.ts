import { describeRecurrence, nextOccurrences, type FederalState, type Recurrence } from '../../../recurrence/index.js';

type SeriesLike = { recurrence: Recurrence | null; scheduleText: string };

/** A meeting series as people read it: the rule in words and the next dates (holidays of the office's state). */
export function presentSeries<S extends SeriesLike>(
	series: S,
	context: { federalState: FederalState; locale: 'de' | 'en'; now: Date; count?: number }
) {
	const rule = series.recurrence;
	return {
		...series,
		description: rule ? describeRecurrence(rule, context.locale) : series.scheduleText,
		next: rule
			? nextOccurrences(rule, { now: context.now, count: context.count ?? 3, federalState: context.federalState }).map((o) => ({
					date: o.date,
					start: o.start.toISOString(),
					end: o.end.toISOString()
				}))
			: []
	};
}
