import { CONTACT_TAG, labelCreate } from '../labels';

export const { description, prepare, execute } = labelCreate(CONTACT_TAG);
