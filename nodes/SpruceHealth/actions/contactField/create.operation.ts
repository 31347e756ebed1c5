import { CONTACT_FIELD, labelCreate } from '../labels';

export const { description, prepare, execute } = labelCreate(CONTACT_FIELD);
