/**
 * RFC 5545 (iCalendar) output: calendar feeds and downloads for group meetings, rooms and events.
 * See ical.ts for what the writer guarantees and timezones.ts for the zones it can describe.
 */
export { escapeText, foldLine, paramValue, utcStamp, writeCalendar } from './ical.js';
export type { ICalCalendar, ICalEvent, ICalStatus, ICalTime } from './ical.js';
export { EUROPE_BERLIN, zoneDefinition } from './timezones.js';
export type { ZoneDefinition, ZoneRule } from './timezones.js';
