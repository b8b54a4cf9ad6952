import { describe, expect, it } from 'vitest';
import { renderPdf, textWidth, winAnsi, wrap } from './pdf.js';

const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

describe('the PDF writer', () => {
	it('writes a PDF whose cross-reference table points at every object', () => {
		const pdf = latin1(renderPdf({ title: 'Teilnahmebescheinigung', lang: 'de', lines: [{ text: 'Hallo', y: 700 }] }));
		expect(pdf.startsWith('%PDF-1.7\n%')).toBe(true);
		expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
		const startxref = Number(/startxref\n(\d+)\n/.exec(pdf)![1]);
		expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
		const entries = pdf
			.slice(startxref)
			.split('\n')
			.filter((line) => / 00000 n $/.test(line))
			.map((line) => Number(line.slice(0, 10)));
		expect(entries).toHaveLength(7);
		entries.forEach((offset, index) => expect(pdf.slice(offset, offset + `${index + 1} 0 obj`.length)).toBe(`${index + 1} 0 obj`));
		// the stream's stated length is its real length
		const stream = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/.exec(pdf)!;
		expect(stream[2]!.length).toBe(Number(stream[1]));
		expect(pdf).toContain('/Lang (de)');
	});

	it('writes German text in WinAnsi: umlauts, ß, German quotes and the en dash', () => {
		expect(winAnsi('Prüfung „gut“ – Maß')).toEqual([
			0x50, 0x72, 0xfc, 0x66, 0x75, 0x6e, 0x67, 0x20, 0x84, 0x67, 0x75, 0x74, 0x93, 0x20, 0x96, 0x20, 0x4d, 0x61, 0xdf
		]);
		// letters beyond WinAnsi keep their base letter, so names stay readable
		expect(String.fromCharCode(...winAnsi('Ayşe Doğan, Łucja Wałęsa, 東'))).toBe('Ayse Dogan, Lucja Walesa, ?');
		const pdf = latin1(renderPdf({ title: 'x', lang: 'de', lines: [{ text: 'Jürgen (Gruppe) \\ Süd', y: 500 }] }));
		expect(pdf).toContain('(J\\374rgen \\(Gruppe\\) \\\\ S\\374d) Tj');
	});

	it('measures and wraps text by Helvetica widths', () => {
		expect(textWidth('Hallo', 10)).toBeCloseTo(((722 + 556 + 222 + 222 + 556) * 10) / 1000, 5);
		expect(textWidth('Hallo', 10, true)).toBeGreaterThan(textWidth('Hallo', 10));
		const lines = wrap('Termine: Donnerstag, 22.03.2029, 18:00–20:00 Uhr; Donnerstag, 29.03.2029, 18:00–20:00 Uhr', 200, 11);
		expect(lines.length).toBeGreaterThan(1);
		for (const line of lines) expect(textWidth(line, 11)).toBeLessThanOrEqual(200);
		expect(lines.join(' ')).toBe('Termine: Donnerstag, 22.03.2029, 18:00–20:00 Uhr; Donnerstag, 29.03.2029, 18:00–20:00 Uhr');
	});
});
