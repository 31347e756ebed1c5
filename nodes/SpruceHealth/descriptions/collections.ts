import type { INodeProperties } from 'n8n-workflow';

/** An operation's "Options" collection: the settings a user adds only when needed. */
export function optionsField(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

/** The "Filters" collection of a Get Many operation (`description` when it needs saying). */
export function filtersField(options: INodeProperties[], description?: string): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		...(description === undefined ? {} : { description }),
		options,
	};
}
