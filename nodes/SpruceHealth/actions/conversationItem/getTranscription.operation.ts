import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { conversationItemLocator } from '../../descriptions/rlc';
import { pathSegment, spruceApiRequest } from '../../transport';
import { toItems } from '../output';
import { fetchItem } from './get.operation';

const properties: INodeProperties[] = [
	{ ...conversationItemLocator, description: 'The voicemail or call recording whose transcription to get' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversationItem'], operation: ['getTranscription'] } },
	properties,
);

/** One output item per transcribed recording of the item (a voicemail has one). */
export async function execute(this: IExecuteFunctions, itemIndex: number) {
	const item = await fetchItem(this, itemIndex);
	const recordings = ((item.attachments as IDataObject[] | undefined) ?? []).filter(
		(attachment) => ((attachment.data as IDataObject | undefined)?.transcription as IDataObject | undefined)?.id,
	);
	const results: IDataObject[] = [];
	for (const recording of recordings) {
		const id = String(((recording.data as IDataObject).transcription as IDataObject).id);
		const { body } = await spruceApiRequest.call(this, {
			method: 'GET',
			path: `/transcriptions/${pathSegment(this.getNode(), id, 'transcription id', itemIndex)}`,
			action: 'get the transcription',
			itemIndex,
		});
		const transcription = ((body as IDataObject).transcription as IDataObject | undefined) ?? {};
		results.push({ conversationItemId: item.id, recording: recording.title, transcriptionId: id, ...transcription });
	}
	if (results.length === 0) {
		results.push({ conversationItemId: item.id, transcriptionId: null, status: 'none', text: '' });
	}
	return toItems(itemIndex, results);
}
