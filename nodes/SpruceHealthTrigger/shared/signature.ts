import { createHmac, timingSafeEqual } from 'crypto';

/** The header Spruce signs every delivery with. */
export const SIGNATURE_HEADER = 'x-spruce-signature';

/** Base64 of a 32-byte HMAC-SHA256 digest: 43 characters and one '='. */
const BASE64_DIGEST = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Whether `header` is Spruce's signature (base64 of HMAC-SHA256 over the raw bytes with the
 * endpoint's secret) of exactly these bytes. The comparison takes the same
 * time wherever the bytes differ, so a caller cannot learn the signature piece by piece; a
 * missing, repeated or malformed header is simply invalid. Never throws.
 */
export function signatureIsValid(
	rawBody: Buffer | undefined,
	header: unknown,
	secret: unknown,
): boolean {
	if (!Buffer.isBuffer(rawBody) || typeof secret !== 'string' || secret === '') return false;
	if (typeof header !== 'string' || !BASE64_DIGEST.test(header.trim())) return false;
	const given = Buffer.from(header.trim(), 'base64');
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	return given.length === expected.length && timingSafeEqual(given, expected);
}
