import { readFileSync } from 'node:fs';

// Plain JavaScript shared with e2e/run-tests, which writes the table after each complete run.
const tested = require('../e2e/lib/tested-versions') as {
	README: string;
	readResults(): { runs: Record<string, { n8n: string; node: string; total: number }> };
	renderSection(results: unknown): string;
	sectionOf(text: string): { section: string };
};
const { SUPPORTED_LINES } = require('../e2e/lib/runtime') as { SUPPORTED_LINES: Array<{ spec: string }> };

describe("README's Tested n8n versions", () => {
	test('is exactly what the recorded end-to-end runs render (never edited by hand)', () => {
		const readme = readFileSync(tested.README, 'utf8');
		expect(tested.sectionOf(readme).section).toBe(tested.renderSection(tested.readResults()));
	});

	test('has a recorded run for the oldest and the newest supported line', () => {
		const versions = Object.values(tested.readResults().runs).map((r) => r.n8n);
		for (const { spec } of SUPPORTED_LINES) {
			const line = spec.split('.').slice(0, 2).join('.');
			expect(versions.filter((v) => v.startsWith(`${line}.`))).toHaveLength(1);
		}
	});
});
