/**
 * VTIMEZONE definitions for the zones the writer supports. Treffpunkt works in Europe/Berlin wall
 * time (see src/lib/recurrence); its definition follows the EU rule in force since 1996: summer
 * time (CEST, UTC+2) from 01:00 UTC on the last Sunday of March (02:00 → 03:00 local) to 01:00 UTC
 * on the last Sunday of October (03:00 → 02:00 local). The DTSTART of each rule is a date in 1970
 * that matches it, as the common calendar clients and tzurl.org write them; feeds carry present and
 * future dates only, so the older German rules are not needed.
 */

export interface ZoneRule {
	kind: 'STANDARD' | 'DAYLIGHT';
	/** local wall time of the first onset, 'YYYYMMDDTHHMMSS' */
	dtstart: string;
	offsetFrom: string;
	offsetTo: string;
	name: string;
	rrule: string;
}

export interface ZoneDefinition {
	tzid: string;
	rules: ZoneRule[];
}

export const EUROPE_BERLIN: ZoneDefinition = {
	tzid: 'Europe/Berlin',
	rules: [
		{
			kind: 'DAYLIGHT',
			dtstart: '19700329T020000',
			offsetFrom: '+0100',
			offsetTo: '+0200',
			name: 'CEST',
			rrule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU'
		},
		{
			kind: 'STANDARD',
			dtstart: '19701025T030000',
			offsetFrom: '+0200',
			offsetTo: '+0100',
			name: 'CET',
			rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU'
		}
	]
};

const ZONES: ReadonlyMap<string, ZoneDefinition> = new Map([[EUROPE_BERLIN.tzid, EUROPE_BERLIN]]);

/** The definition of a supported zone; a RangeError for any other (a feed must never name an undefined TZID). */
export function zoneDefinition(tzid: string): ZoneDefinition {
	const zone = ZONES.get(tzid);
	if (!zone) throw new RangeError(`No VTIMEZONE definition for ${tzid}`);
	return zone;
}
