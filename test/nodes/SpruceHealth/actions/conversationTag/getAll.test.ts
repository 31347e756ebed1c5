import { CONVERSATION_TAG, getAllCases } from '../labelCases';

describe('Conversation Tag → Get Many', () => getAllCases(CONVERSATION_TAG));
