import { CONTACT_TAG, createCases } from '../labelCases';

describe('Contact Tag → Create', () => createCases(CONTACT_TAG));
