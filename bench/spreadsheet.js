// An invented group spreadsheet as German Excel saves it (semicolons, Windows-1252), for the
// benchmarks: every 50th row has a postal code that does not exist and is rejected.
import fs from 'node:fs';
import iconv from 'iconv-lite';

const TOPICS = [
	'Alkohol',
	'Depression',
	'Trauer',
	'Krebs',
	'pflegende Angehörige',
	'Spielsucht',
	'Long Covid',
	'Burnout',
	'Diabetes',
	'Angst'
];
const MEETINGS = [
	'jeden 2. und 4. Dienstag, 19:00–21:00 Uhr',
	'wöchentlich montags 18:00',
	'monatlich am letzten Freitag, 18 Uhr',
	'nach Absprache'
];
const CODES = [
	'30159',
	'30161',
	'30163',
	'30165',
	'30167',
	'30169',
	'30171',
	'30173',
	'10115',
	'80331',
	'50667',
	'01067',
	'20095',
	'70173'
];

/**
 * @param {string} file
 * @param {number} rows
 */
export function writeSpreadsheet(file, rows) {
	const lines = ['Name;Thema;Zielgruppe;PLZ;Ort;Straße;Online;Treffen;Sprachen;Barrierefrei;E-Mail;Telefon;Kontaktweg;Status'];
	for (let i = 0; i < rows; i++) {
		lines.push(
			[
				`Gesprächskreis ${i + 1} für Betroffene`,
				`${TOPICS[i % TOPICS.length]}, ${TOPICS[(i + 3) % TOPICS.length]}`,
				i % 2 ? 'Betroffene und Angehörige' : 'Angehörige',
				i % 50 === 49 ? '00000' : CODES[i % CODES.length],
				'Beispielort',
				`Beispielstraße ${(i % 200) + 1}`,
				i % 10 === 0 ? 'hybrid' : 'nein',
				MEETINGS[i % MEETINGS.length],
				i % 5 === 0 ? 'Deutsch, Türkisch' : 'Deutsch',
				i % 3 === 0 ? 'ja' : 'teilweise',
				`gruppe${i}@example.org`,
				'0511 555 0100',
				i % 2 ? 'Weiterleitung' : 'über Kontaktstelle',
				'aktiv'
			].join(';')
		);
	}
	fs.writeFileSync(file, iconv.encode(lines.join('\r\n') + '\r\n', 'win1252'));
}

/** How many rows of `rows` the import takes (the others have an unknown postal code). */
export const acceptedRows = (/** @type {number} */ rows) => rows - Math.floor(rows / 50);
