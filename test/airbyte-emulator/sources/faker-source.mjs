#!/usr/bin/env node
// `faker` source: users, products and purchases like Airbyte's source-faker, deterministic for a seed >= 0,
// streaming (constant memory) so it can produce millions of rows for benchmarks.
import { emit, log, runSource, streamStatus } from './protocol-runner.mjs';
import { FAKER_SCHEMAS } from './faker-schemas.mjs';

const spec = {
	documentationUrl: 'https://docs.airbyte.com/integrations/sources/faker',
	connectionSpecification: {
		$schema: 'http://json-schema.org/draft-07/schema#',
		title: 'Faker Source Spec',
		type: 'object',
		required: [],
		additionalProperties: true,
		properties: {
			count: { type: 'integer', minimum: 1, default: 1000, title: 'Count' },
			seed: { type: 'integer', default: -1, title: 'Seed' },
			records_per_slice: { type: 'integer', minimum: 1, default: 1000, title: 'Records Per Stream Slice' },
			always_updated: { type: 'boolean', default: true, title: 'Always Updated' },
			parallelism: { type: 'integer', minimum: 1, default: 4, title: 'Parallelism' },
		},
	},
	supportsIncremental: true,
	supported_destination_sync_modes: ['overwrite', 'append', 'append_dedup'],
};

const PRODUCT_COUNT = 100;
const CURSORS = { users: ['updated_at'], products: ['created_at'], purchases: ['added_to_cart_at'] };

// --- deterministic randomness: one small PRNG per (seed, stream, row) so any row can be generated alone.
function hash32(a, b, c) {
	let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x27d4eb2f, 0xc2b2ae35) ^ Math.imul(c + 0x165667b1, 0x27d4eb2f);
	h ^= h >>> 15;
	h = Math.imul(h, 0x2c1b3c6d);
	h ^= h >>> 12;
	return h >>> 0;
}
function rng(seed) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

const FIRST = ['Rudolf', 'Orville', 'Rachell', 'Ada', 'Linus', 'Grace', 'Alan', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Tim', 'Hedy', 'Guido', 'Anita', 'Yukihiro', 'Sophie'];
const TITLES = ['M.Des', 'Miss', 'M.A.', 'Mr.', 'Mrs.', 'Dr.', 'PhD', 'B.Sc', 'Ms.', 'MBA'];
const DOMAINS = ['yandex.com', 'yahoo.com', 'protonmail.com', 'gmail.com', 'outlook.com', 'example.org'];
const WORDS = ['wisconsin', 'recipes', 'assets', 'harbor', 'violet', 'quartz', 'meadow', 'signal', 'atlas', 'ember'];
const GENDERS = ['Female', 'Male', 'Fluid', 'Other'];
const LANGUAGES = ['Arabic', 'Montenegrin', 'Dutch', 'English', 'French', 'German', 'Japanese', 'Spanish', 'Swahili', 'Hindi'];
const DEGREES = ['Bachelor', 'Master', 'PhD'];
const NATIONALITIES = ['Argentinian', 'Costa Rican', 'Danish', 'Kenyan', 'Japanese', 'Canadian', 'Indian', 'Polish', 'Chilean', 'Irish'];
const OCCUPATIONS = ['Valve Technician', 'Optical Advisor', 'Aeronautical Engineer', 'Baker', 'Nurse', 'Architect', 'Teacher', 'Pilot', 'Chemist', 'Librarian'];
const BLOOD = ['A+', 'A\u2212', 'B+', 'B\u2212', 'AB+', 'AB\u2212', 'O+', 'O\u2212'];
const CARS = [
	['Mazda', 'MX-5'], ['Mercedes-Benz', 'C-Class'], ['Honda', 'Accord Crosstour'], ['GMC', 'Jimmy'], ['Infiniti', 'FX'],
	['Porsche', '911'], ['Ford', 'Focus'], ['Toyota', 'Corolla'], ['Volvo', 'XC90'], ['BMW', 'X3'], ['Audi', 'A4'], ['Tesla', 'Model 3'],
];
const EPOCH_2000 = Date.UTC(2000, 0, 1);
const SPAN_MS = 22 * 365 * 24 * 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const phone = (r) => `(${int(r, 200, 999)}) ${int(r, 200, 999)}-${String(int(r, 0, 9999)).padStart(4, '0')}`;

function user(seed, id) {
	const r = rng(hash32(seed, 1, id));
	const created = EPOCH_2000 + Math.floor(r() * SPAN_MS);
	return {
		id,
		created_at: iso(created),
		updated_at: iso(created + Math.floor(r() * 3 * 365 * 24 * 3600 * 1000)),
		name: pick(r, FIRST),
		title: pick(r, TITLES),
		age: int(r, 18, 90),
		email: `${pick(r, WORDS)}${int(r, 1900, 2030)}+${id}@${pick(r, DOMAINS)}`,
		telephone: phone(r),
		gender: pick(r, GENDERS),
		language: pick(r, LANGUAGES),
		academic_degree: pick(r, DEGREES),
		nationality: pick(r, NATIONALITIES),
		occupation: pick(r, OCCUPATIONS),
		height: (1.5 + r() * 0.5).toFixed(2),
		blood_type: pick(r, BLOOD),
		weight: int(r, 45, 120),
	};
}

function product(seed, id) {
	const r = rng(hash32(seed, 2, id));
	const [make, model] = pick(r, CARS);
	return { id, make, model, year: int(r, 1990, 2022), price: int(r, 1000, 90000), created_at: iso(EPOCH_2000 + Math.floor(r() * SPAN_MS)) };
}

/** Purchases of user `userId`: 0-2 each (about one per user, as source-faker scales purchases with count). */
function purchasesOf(seed, userId, firstId) {
	const r = rng(hash32(seed, 3, userId));
	const n = int(r, 0, 2);
	const out = [];
	for (let k = 0; k < n; k++) {
		const added = EPOCH_2000 + Math.floor(r() * SPAN_MS);
		const purchased = r() < 0.8 ? added + int(r, 1, 400) * 86400000 : null;
		const returned = purchased && r() < 0.1 ? purchased + int(r, 1, 60) * 86400000 : null;
		out.push({
			id: firstId + k,
			product_id: int(r, 1, PRODUCT_COUNT),
			user_id: userId,
			added_to_cart_at: iso(added),
			purchased_at: purchased === null ? null : iso(purchased),
			returned_at: returned === null ? null : iso(returned),
		});
	}
	return out;
}

function streams() {
	return Object.entries(FAKER_SCHEMAS).map(([name, json_schema]) => ({
		name,
		json_schema,
		supported_sync_modes: ['full_refresh', 'incremental'],
		source_defined_cursor: true,
		default_cursor_field: CURSORS[name],
		source_defined_primary_key: [['id']],
		is_resumable: true,
	}));
}

function settings(config = {}) {
	const seed = Number.isInteger(config.seed) && config.seed >= 0 ? config.seed : Math.floor(Math.random() * 2 ** 31);
	return { count: config.count ?? 1000, seed, perSlice: config.records_per_slice ?? 1000 };
}

await runSource({
	spec,
	async check(config) {
		if (config?.count !== undefined && (!Number.isInteger(config.count) || config.count < 1))
			return { status: 'FAILED', message: 'count must be a positive integer' };
		return { status: 'SUCCEEDED' };
	},
	async discover() {
		return { streams: streams() };
	},
	async read(config, catalog) {
		const { count, seed, perSlice } = settings(config);
		await log('INFO', `faker: count=${count} seed=${seed}`);
		for (const configured of catalog.streams) {
			const name = configured.stream.name;
			await streamStatus(name, 'STARTED');
			let emitted = 0;
			const record = (data) => {
				emitted++;
				const wait = emit({ type: 'RECORD', record: { stream: name, data, emitted_at: Date.now() } });
				if (emitted % perSlice !== 0) return wait;
				return emit({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: { updated_at: data.updated_at ?? data.created_at ?? null, seed, emitted } } } }) ?? wait;
			};
			if (name === 'users') for (let id = 1; id <= count; id++) {
				const wait = record(user(seed, id));
				if (wait) await wait;
			}
			else if (name === 'products') for (let id = 1; id <= PRODUCT_COUNT; id++) {
				const wait = record(product(seed, id));
				if (wait) await wait;
			}
			else if (name === 'purchases') {
				let next = 1;
				for (let u = 1; u <= count; u++) {
					for (const p of purchasesOf(seed, u, next)) {
						const wait = record(p);
						if (wait) await wait;
					}
					next = emitted + 1;
				}
			} else throw new Error(`unknown stream ${name}`);
			await emit({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: { seed, emitted } } } });
			await streamStatus(name, 'COMPLETE');
		}
	},
});
