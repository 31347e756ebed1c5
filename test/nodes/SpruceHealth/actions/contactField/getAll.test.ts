import { CONTACT_FIELD, getAllCases } from '../labelCases';

describe('Contact Field → Get Many', () => getAllCases(CONTACT_FIELD));
