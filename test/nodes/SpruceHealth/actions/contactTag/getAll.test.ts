import { CONTACT_TAG, getAllCases } from '../labelCases';

describe('Contact Tag → Get Many', () => getAllCases(CONTACT_TAG));
