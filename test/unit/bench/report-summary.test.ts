// The "Targets at a glance" block at the top of bench/RESULTS.md is read back from each stage's section.
import { targetSummary } from '../../../bench/lib/report';

describe('targetSummary', () => {
	it('counts met targets and lists the missed ones per stage, with the stage status', () => {
		const sections: Array<[string, string]> = [
			['profile', 'Stage wall time: 1.0 s. Status: **ok**.\n\nTargets:\n\n- MET: a: 1 (target >= 1)\n- NOT MET: b: 2 (target >= 3)\n- MET: c: 4 (target >= 4)\n'],
			['e2e', 'Stage wall time: 1.0 s. Status: **unavailable**.\n\n- Not measured: no n8n\n'],
		];
		expect(targetSummary(sections)).toBe(
			['## Targets at a glance', '', '- profile (ok): 2 met, 1 not met: b: 2 (target >= 3)', '- e2e (unavailable): 0 met, 0 not met', ''].join('\n'),
		);
	});
});
