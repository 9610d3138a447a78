// Stage "e2e": one onboarding through the shipped template in real n8n. Not built yet: it needs a packed
// build of the package (dist/, owned by the end-to-end harness) and minutes of n8n start-up, so it reports
// "not measured" and makes the run exit non-zero instead of printing any figure.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Unavailable, type Stage, type StageResult } from '../lib/types';

const REPO = join(__dirname, '..', '..');

export const e2eStage: Stage = {
	name: 'e2e',
	title: 'End to end: one onboarding through the template in real n8n (wall time, our nodes\' share, onboardings/min)',
	async run(): Promise<StageResult> {
		const template = existsSync(join(REPO, 'workflows/airbyte-ai-onboarding.json'));
		const test = existsSync(join(REPO, 'test/e2e/onboarding.test.ts'));
		throw new Unavailable(
			`the end-to-end benchmark is not implemented in bench/ yet (template ${template ? 'present' : 'missing'}, e2e test ${test ? 'present' : 'missing'}). ` +
				'It needs a packed build (npm run build, dist/ is owned by the e2e harness) and a real n8n 2.41.1; ' +
				'the functional run is covered by test/e2e/onboarding.test.ts (npm run test:e2e).',
		);
	},
};
