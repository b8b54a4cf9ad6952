/**
 * A small PDF writer for one-page documents of text (participation certificates, EVT-3): PDF 1.7
 * with the standard Helvetica fonts in WinAnsiEncoding, so German text (ä ö ü ß „ “ –) needs no
 * embedded font and no dependency. Text is placed by the caller in points from the bottom left;
 * `centred` lines are centred on the page with Helvetica's widths.
 */

export type PdfLine = { text: string; y: number; size?: number; bold?: boolean; x?: number; centred?: boolean };
export type PdfDocument = { title: string; lang: string; author?: string; lines: PdfLine[]; created?: Date };

/** A4 portrait in points. */
export const A4 = { width: 595.28, height: 841.89 };

// WinAnsiEncoding positions of the characters above Latin-1 that German text uses
const WIN_ANSI_EXTRA: Record<string, number> = {
	'€': 0x80,
	'‚': 0x82,
	'„': 0x84,
	'…': 0x85,
	'‘': 0x91,
	'’': 0x92,
	'“': 0x93,
	'”': 0x94,
	'•': 0x95,
	'–': 0x96,
	'—': 0x97
};

// letters without a decomposition to a Latin base letter
const BASE_LETTER: Record<string, string> = { ł: 'l', Ł: 'L', ı: 'i', đ: 'd', Đ: 'D', ħ: 'h', ŧ: 't' };

function winAnsiByte(char: string): number | null {
	const code = char.codePointAt(0)!;
	if (WIN_ANSI_EXTRA[char] !== undefined) return WIN_ANSI_EXTRA[char];
	if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
	return null;
}

/**
 * The text as WinAnsi bytes. A letter outside it is written as its base letter (ş → s, ğ → g,
 * ł → l: a name stays readable); anything else becomes "?".
 */
export function winAnsi(text: string): number[] {
	const bytes: number[] = [];
	for (const char of text.normalize('NFC')) {
		const direct = winAnsiByte(char);
		if (direct !== null) {
			bytes.push(direct);
			continue;
		}
		const base = BASE_LETTER[char] ?? char.normalize('NFD')[0] ?? '';
		bytes.push((base !== char && winAnsiByte(base)) || 0x3f);
	}
	return bytes;
}

// Helvetica and Helvetica-Bold advance widths (1/1000 em) for ASCII 32–126; others count as 556
const HELVETICA = [
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
	278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
	667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
	556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584
];
const HELVETICA_BOLD = [
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333,
	333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
	667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611,
	611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584
];

/** The width of a line in points. */
export function textWidth(text: string, size: number, bold = false): number {
	const widths = bold ? HELVETICA_BOLD : HELVETICA;
	let units = 0;
	for (const byte of winAnsi(text)) units += byte >= 32 && byte <= 126 ? widths[byte - 32]! : 556;
	return (units * size) / 1000;
}

/** Splits text into lines no wider than `width` points, at spaces. */
export function wrap(text: string, width: number, size: number, bold = false): string[] {
	const lines: string[] = [];
	let current = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = current ? `${current} ${word}` : word;
		if (current && textWidth(candidate, size, bold) > width) {
			lines.push(current);
			current = word;
		} else current = candidate;
	}
	if (current) lines.push(current);
	return lines;
}

/** A PDF string literal of WinAnsi bytes, with ( ) \ escaped and the upper half as octal escapes. */
function literal(text: string): string {
	let out = '(';
	for (const byte of winAnsi(text)) {
		if (byte === 0x28 || byte === 0x29 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
		else if (byte < 0x80) out += String.fromCharCode(byte);
		else out += `\\${byte.toString(8).padStart(3, '0')}`;
	}
	return `${out})`;
}

/** "D:20290301120000Z" */
function pdfDate(date: Date): string {
	return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

const number = (value: number) => (Math.round(value * 100) / 100).toString();

/** Writes the document as the bytes of a PDF file. */
export function renderPdf(doc: PdfDocument): Uint8Array {
	const content = doc.lines
		.map((line) => {
			const size = line.size ?? 12;
			const x = line.centred ? (A4.width - textWidth(line.text, size, line.bold)) / 2 : (line.x ?? 72);
			return `BT /${line.bold ? 'F2' : 'F1'} ${number(size)} Tf ${number(x)} ${number(line.y)} Td ${literal(line.text)} Tj ET`;
		})
		.join('\n');
	const objects = [
		`<< /Type /Catalog /Pages 2 0 R /Lang ${literal(doc.lang)} /ViewerPreferences << /DisplayDocTitle true >> >>`,
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${number(A4.width)} ${number(A4.height)}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
		`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
		`<< /Title ${literal(doc.title)}${doc.author ? ` /Author ${literal(doc.author)}` : ''} /Producer (Treffpunkt) /CreationDate (${pdfDate(doc.created ?? new Date())}) >>`
	];
	// the header, then a comment of four bytes above 127 that marks the file as binary
	const head = [...'%PDF-1.7\n'].map((c) => c.charCodeAt(0)).concat([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]);
	const offsets: number[] = [];
	let body = '';
	objects.forEach((object, index) => {
		offsets.push(head.length + body.length);
		body += `${index + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xrefAt = head.length + body.length;
	const xref = [
		`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
		...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)
	].join('');
	const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
	// everything after the header is ASCII (text is escaped in literal()), so characters are bytes
	const rest = new TextEncoder().encode(body + xref + trailer);
	const bytes = new Uint8Array(head.length + rest.length);
	bytes.set(head, 0);
	bytes.set(rest, head.length);
	return bytes;
}
