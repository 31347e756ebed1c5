/**
 * Runs after every test (jest `setupFilesAfterEnv`): any request that broke Spruce's OpenAPI
 * contract, seen by a sandbox started through test/support.ts, fails the test that made it.
 */
import { takeViolations } from './support';

afterEach(() => {
	const problems = takeViolations();
	if (problems.length > 0) {
		throw new Error(`Requests broke Spruce's OpenAPI contract:\n- ${problems.join('\n- ')}`);
	}
});
