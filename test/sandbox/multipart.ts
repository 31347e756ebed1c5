/**
 * A small multipart/form-data parser (RFC 7578) for the sandbox's `POST /media`.
 * Works on a fully buffered body; good enough for test uploads of a few MB.
 */

export interface MultipartPart {
	/** `name` of the Content-Disposition header. */
	name: string;
	/** `filename` (or `filename*`) of the Content-Disposition header, null when absent. */
	filename: string | null;
	/** the part's Content-Type header, null when absent. */
	contentType: string | null;
	/** all part headers, lower-cased names. */
	headers: Record<string, string>;
	data: Buffer;
}

export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/form-data; boundary=…` content type, or null when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | null {
	if (!contentType) return null;
	const [mediaType, ...params] = splitHeaderParams(contentType);
	if (mediaType.toLowerCase() !== 'multipart/form-data') return null;
	for (const param of params) {
		const [key, value] = param;
		if (key === 'boundary' && value) return value;
	}
	return null;
}

/** Splits `type; a=b; c="d"` into the first token and [key, value] pairs (keys lower-cased, quotes removed). */
function splitHeaderParams(header: string): [string, ...Array<[string, string]>] {
	const parts: string[] = [];
	let current = '';
	let inQuotes = false;
	for (let i = 0; i < header.length; i++) {
		const ch = header[i];
		if (inQuotes && ch === '\\' && i + 1 < header.length) {
			current += ch + header[++i];
			continue;
		}
		if (ch === '"') inQuotes = !inQuotes;
		if (ch === ';' && !inQuotes) {
			parts.push(current);
			current = '';
			continue;
		}
		current += ch;
	}
	parts.push(current);
	const first = parts[0].trim();
	const params: Array<[string, string]> = [];
	for (const raw of parts.slice(1)) {
		const eq = raw.indexOf('=');
		if (eq < 0) continue;
		const key = raw.slice(0, eq).trim().toLowerCase();
		let value = raw.slice(eq + 1).trim();
		if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
			value = value.slice(1, -1).replace(/\\(.)/g, '$1');
		}
		params.push([key, value]);
	}
	return [first, ...params];
}

/** RFC 5987 `UTF-8''percent-encoded` value of a `filename*` parameter. */
function decodeExtendedValue(value: string): string | null {
	const match = /^([\w!#$%&+^`{}~-]*)'[\w-]*'(.*)$/.exec(value);
	if (!match) return null;
	try {
		return decodeURIComponent(match[2]);
	} catch {
		return null;
	}
}

function parsePartHeaders(raw: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of raw.split('\r\n')) {
		if (line === '') continue;
		const colon = line.indexOf(':');
		if (colon <= 0) throw new MultipartError(`Malformed part header: ${JSON.stringify(line.slice(0, 80))}`);
		headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

function toPart(headers: Record<string, string>, data: Buffer): MultipartPart {
	const disposition = headers['content-disposition'];
	if (!disposition) throw new MultipartError('A part has no Content-Disposition header');
	const [kind, ...params] = splitHeaderParams(disposition);
	if (kind.toLowerCase() !== 'form-data') throw new MultipartError(`Unexpected Content-Disposition "${kind}"`);
	let name: string | null = null;
	let filename: string | null = null;
	let extendedFilename: string | null = null;
	for (const [key, value] of params) {
		if (key === 'name') name = value;
		else if (key === 'filename') filename = value;
		else if (key === 'filename*') extendedFilename = decodeExtendedValue(value);
	}
	if (name === null) throw new MultipartError('A part has no name');
	return {
		name,
		filename: extendedFilename ?? filename,
		contentType: headers['content-type'] ?? null,
		headers,
		data,
	};
}

/**
 * Parses a whole multipart/form-data body. Throws MultipartError on anything malformed:
 * no opening boundary, a part without headers or name, no closing boundary.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
	if (boundary.length === 0 || boundary.length > 200) throw new MultipartError('Invalid multipart boundary');
	const delimiter = Buffer.from(`--${boundary}`);
	// every delimiter after the first is preceded by CRLF, which belongs to the delimiter, not the part
	const innerDelimiter = Buffer.concat([CRLF, delimiter]);

	let pos = body.indexOf(delimiter);
	// the first delimiter must start the body or a line (a preamble is allowed by the RFC)
	if (pos < 0 || (pos > 0 && (pos < 2 || body[pos - 2] !== 0x0d || body[pos - 1] !== 0x0a))) {
		throw new MultipartError('Multipart body does not start with its boundary');
	}
	pos += delimiter.length;

	const parts: MultipartPart[] = [];
	for (;;) {
		// after a delimiter: "--" closes the body, otherwise optional whitespace then CRLF opens a part
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts;
		while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
		if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw new MultipartError('Malformed multipart boundary line');
		pos += 2;

		const headersEnd = body.indexOf(HEADER_END, pos);
		let headers: Record<string, string>;
		let dataStart: number;
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) {
			// a part with no headers at all
			headers = {};
			dataStart = pos + 2;
		} else {
			if (headersEnd < 0) throw new MultipartError('Unterminated part headers');
			headers = parsePartHeaders(body.subarray(pos, headersEnd).toString('utf8'));
			dataStart = headersEnd + HEADER_END.length;
		}

		const next = body.indexOf(innerDelimiter, dataStart);
		if (next < 0) throw new MultipartError('Multipart body has no closing boundary');
		parts.push(toPart(headers, body.subarray(dataStart, next)));
		pos = next + innerDelimiter.length;
	}
}
