/**
 * Characters that show nothing on their own: whitespace, control and format characters (zero-width
 * spaces, soft hyphens, direction marks), combining marks without a base, lone surrogates, the
 * code points Unicode says to render invisibly (Hangul fillers, variation selectors …) and the
 * braille blank U+2800, which fonts draw as an empty cell.
 */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{Mn}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/**
 * Whether a text has no visible character. The one rule for every text a message is built from
 * (the Text field, each text element, each element of Body (JSON)), so a message that would
 * reach a patient as an empty bubble is refused before anything is sent.
 */
export function isBlank(value: unknown): boolean {
	return typeof value !== 'string' || value.replace(INVISIBLE, '') === '';
}
