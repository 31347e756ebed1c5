import { CONTACT_FIELD, createCases } from '../labelCases';

describe('Contact Field → Create', () => createCases(CONTACT_FIELD));
