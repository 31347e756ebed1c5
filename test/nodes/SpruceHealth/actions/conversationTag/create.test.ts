import { CONVERSATION_TAG, createCases } from '../labelCases';

describe('Conversation Tag → Create', () => createCases(CONVERSATION_TAG));
