// Public entry of the profile stage: profile every stream of a sample, one streaming pass each.

import type { StreamSample } from '../sample/types';
import { createStreamProfiler, resolveProfileOptions } from './stream-profiler';
import type { DatasetProfile, ProfileOptions, StreamProfile } from './types';

export { createStreamProfiler, DEFAULT_PROFILE_OPTIONS, resolveProfileOptions } from './stream-profiler';
export { pgTypeForField } from './pg-types';
export type * from './types';

export function profileStream(sample: StreamSample, options?: ProfileOptions): StreamProfile {
	const profiler = createStreamProfiler(sample.stream, options, {
		status: sample.status,
		totalRecords: sample.totalRecords,
	});
	for (const record of sample.records) profiler.add(record);
	return profiler.finish();
}

export function profileStreams(samples: StreamSample[], options?: ProfileOptions): DatasetProfile {
	return {
		profileVersion: 1,
		streams: samples.map((s) => profileStream(s, options)),
		options: resolveProfileOptions(options),
	};
}

/** The profile of one field path, if the stream has it. */
export function findField(stream: StreamProfile, path: string) {
	return stream.fields.find((f) => f.path === path);
}
