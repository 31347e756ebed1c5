import { CONTACT_FIELD, labelGetAll } from '../labels';

export const { description, execute } = labelGetAll(CONTACT_FIELD);
