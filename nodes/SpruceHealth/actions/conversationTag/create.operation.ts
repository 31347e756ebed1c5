import { CONVERSATION_TAG, labelCreate } from '../labels';

export const { description, prepare, execute } = labelCreate(CONVERSATION_TAG);
