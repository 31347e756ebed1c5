/**
 * How pickers name their entries, and how the output reads a name back: the editor saves the
 * picked entry's whole name with the parameter, which the node reuses instead of asking Spruce.
 */

/** Between a conversation's title and its details ("Jane Cooper — Patient · secure"). */
const DETAILS_SEPARATOR = ' — ';

export function conversationLabel(title: string, details: string[]): string {
	return details.length ? `${title}${DETAILS_SEPARATOR}${details.join(' · ')}` : title;
}

/** The title part of a conversation entry's name. */
export function conversationTitleFrom(entryName: string): string {
	const at = entryName.indexOf(DETAILS_SEPARATOR);
	return at < 0 ? entryName : entryName.slice(0, at);
}

/** "Dr. Ada Moss, MD (teammate)", "Billing Team (team)", "Riverside Family Practice (organization)". */
export function memberLabel(name: string, type: string): string {
	return `${name} (${type})`;
}

/** The name part of a member entry's name. */
export function memberNameFrom(entryName: string): string {
	return entryName.replace(/ \((?:teammate|team|organization)\)$/, '');
}
