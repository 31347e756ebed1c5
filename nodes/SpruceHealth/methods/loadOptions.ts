import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { memberName, organizationMembers } from './members';

/** Teammates and teams that a page element can notify. */
export async function getMembers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const members = await organizationMembers(this);
	return members
		.filter((member) => (member.type === 'teammate' || member.type === 'team') && !member.isSuspended)
		.map((member) => ({
			name: `${memberName(member)} (${member.type})`,
			value: member.id,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
export { getContactFields, getContactTags, getConversationTags } from './organizationLists';
