import { CONVERSATION_TAG, labelGetAll } from '../labels';

export const { description, execute } = labelGetAll(CONVERSATION_TAG);
