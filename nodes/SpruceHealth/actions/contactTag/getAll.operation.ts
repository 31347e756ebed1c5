import { CONTACT_TAG, labelGetAll } from '../labels';

export const { description, execute } = labelGetAll(CONTACT_TAG);
