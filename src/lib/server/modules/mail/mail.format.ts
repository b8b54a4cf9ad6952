/** How e-mails write times: in the recipient's language, always in Europe/Berlin wall time. */
import { m } from '#lib/paraglide/messages.js';
import { instantToWall } from '../../../recurrence/index.js';
import type { Locale } from './mail.templates.js';

export type TimeSpan = { startsAt: Date; endsAt: Date };

const DATE_FORMAT: Record<Locale, Intl.DateTimeFormat> = {
	de: new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }),
	en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
};

/** "Dienstag, 10.10.2028, 19:00–21:00 Uhr" / "Tuesday, 10 October 2028, 19:00–21:00". */
export function formatTimeSpan(span: TimeSpan, locale: Locale): string {
	return m.mail_time_span(
		{ date: DATE_FORMAT[locale].format(span.startsAt), from: instantToWall(span.startsAt).time, to: instantToWall(span.endsAt).time },
		{ locale }
	);
}

/** One line per span, in order: "- Dienstag, 10.10.2028, 19:00–21:00 Uhr". */
export function formatTimeSpans(spans: TimeSpan[], locale: Locale): string {
	return [...spans]
		.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
		.map((span) => `- ${formatTimeSpan(span, locale)}`)
		.join('\n');
}

/** "Freitag, 16.03.2029, 18:00 Uhr" / "Friday, 16 March 2029, 18:00": a deadline. */
export function formatMoment(moment: Date, locale: Locale): string {
	return m.mail_moment({ date: DATE_FORMAT[locale].format(moment), time: instantToWall(moment).time }, { locale });
}

/** "Dienstag, 10.10.2028" / "Tuesday, 10 October 2028": a day. */
export function formatDay(moment: Date, locale: Locale): string {
	return DATE_FORMAT[locale].format(moment);
}
