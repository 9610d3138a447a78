// The deterministic analysis of one dataset folder, as the eval tool reports it. Reads only the catalog and
// the records (never ground_truth.json); calls lib/ for everything.

import { inferBusinessType } from '../lib/analysis/business/business-type';
import { inferDataModel, inferKeys } from '../lib/analysis/keys';
import type { DataModel } from '../lib/analysis/model';
import { profileStreams } from '../lib/profile';
import type { DatasetProfile } from '../lib/profile/types';
import type { StreamSample } from '../lib/sample/types';
import { readDatasetFolder } from './eval-dataset';

export interface EvalReport {
	streams: Array<{ name: string; primaryKey: string[]; columns: Array<{ name: string; type: string }> }>;
	foreignKeys: Array<{ fromStream: string; fromColumns: string[]; toStream: string; toColumns: string[]; score: number }>;
	businessType: string;
	/** Where businessType came from: the deterministic business analysis (lib/analysis/business). */
	businessTypeSource: 'analysis';
}

export interface EvalRun {
	report: EvalReport;
	samples: StreamSample[];
	profile: DatasetProfile;
	model: DataModel;
	timings: { profileMs: number; keysMs: number; records: number };
}

/** The business type: the business analysis's rule-based inference (lib/analysis/business). */
function businessType(profile: DatasetProfile): { value: string; source: 'analysis' } {
	return { value: inferBusinessType(profile).type, source: 'analysis' };
}

export async function runEval(dir: string): Promise<EvalRun> {
	const samples = readDatasetFolder(dir);
	const t0 = performance.now();
	const profile = profileStreams(samples);
	const t1 = performance.now();
	const keys = inferKeys(profile, samples);
	const model = inferDataModel(profile, samples, { keys });
	const t2 = performance.now();
	const bt = businessType(profile);
	const report: EvalReport = {
		streams: model.streams.map((s) => ({
			name: s.name,
			primaryKey: s.primaryKey,
			columns: s.columns.map((c) => ({ name: c.name, type: c.pgType })),
		})),
		foreignKeys: model.foreignKeys.map((fk) => ({
			fromStream: fk.fromStream,
			fromColumns: fk.fromColumns,
			toStream: fk.toStream,
			toColumns: fk.toColumns,
			score: fk.score,
		})),
		businessType: bt.value,
		businessTypeSource: bt.source,
	};
	return {
		report,
		samples,
		profile,
		model,
		timings: { profileMs: t1 - t0, keysMs: t2 - t1, records: samples.reduce((n, s) => n + s.records.length, 0) },
	};
}
