import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { memberLabel } from './labels';
import { memberName, organizationMembers, pickableMembers } from './members';

/** Teammates, then teams, that a page element can notify (the order Send As shows them in). */
export async function getMembers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const members = pickableMembers(await organizationMembers(this), ['teammate', 'team']);
	return members.map((member) => ({ name: memberLabel(memberName(member), member.type), value: member.id }));
}
