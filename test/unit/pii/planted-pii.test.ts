// Plant personal data in a stream (under telling names and under neutral ones, and inside free text) and
// check that the classifier finds it, the policies apply, and none of it reaches any prompt.
import { profileStreams } from '../../../lib/profile';
import { inferDataModel, inferKeys } from '../../../lib/analysis/keys';
import { classifyPii, redactProfile, redactRecord } from '../../../lib/pii';
import { buildAnalysisPrompt } from '../../../lib/analysis/llm/prompt';
import { runAnalysis } from '../../../lib/analysis/pipeline';
import type { StreamSample } from '../../../lib/sample/types';

const FIRST = ['Jane', 'Omar', 'Li', 'Sven', 'Ana', 'Kofi', 'Mia', 'Ravi'];
const LAST = ['Doe', 'Haddad', 'Wei', 'Larsson', 'Souza', 'Mensah', 'Keller', 'Iyer'];
const IBANS = ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300'];
const CARDS = ['4111111111111111', '5500000000000004', '340000000000009', '6011000000000004'];

function plantedSample(rows = 40): StreamSample {
	const records = Array.from({ length: rows }, (_, i) => ({
		id: i + 1,
		contact: `${FIRST[i % 8].toLowerCase()}.${LAST[(i * 3) % 8].toLowerCase()}${i}@mail${i % 3}.example.com`,
		ref_code: IBANS[i % 4],
		pay: CARDS[i % 4],
		origin: `10.${i % 7}.${(i * 13) % 250}.${(i * 7) % 250}`,
		first_name: FIRST[i % 8],
		last_name: `${LAST[i % 8]}${i}`,
		phone_number: `+49 30 ${String(5550000 + i * 37)}`,
		ssn: `${String(100 + i).padStart(3, '0')}-${String(10 + (i % 80)).padStart(2, '0')}-${String(1000 + i * 17).padStart(4, '0')}`,
		street: `${i + 1} Planted Street`,
		zip: String(10115 + i),
		notes: `Customer asked to be called at +1 (202) 555-01${String(i % 100).padStart(2, '0')} or mailed at secret${i}@hidden.example.org`,
		tier: ['gold', 'silver', 'bronze'][i % 3],
		company_name: ['Acme Corp', 'Globex', 'Initech'][i % 3],
		email_verified: i % 2 === 0,
		password: `hunter${i}!`,
		created_at: `2026-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`,
	}));
	return {
		stream: { name: 'accounts', json_schema: { type: 'object', properties: {} }, supported_sync_modes: ['full_refresh', 'incremental'] },
		records,
		status: 'complete',
	};
}

const PLANTED_KEYS = ['contact', 'ref_code', 'pay', 'origin', 'first_name', 'last_name', 'phone_number', 'ssn', 'street', 'password'];

function plantedValues(sample: StreamSample): string[] {
	const values: string[] = [];
	for (const record of sample.records) {
		for (const key of PLANTED_KEYS) values.push(String(record[key]));
		const notes = String(record.notes);
		values.push(...(notes.match(/secret\d+@hidden\.example\.org/g) ?? []), ...(notes.match(/555-01\d\d/g) ?? []));
	}
	return values;
}

describe('planted PII', () => {
	const sample = plantedSample();
	const profile = profileStreams([sample]);
	const report = classifyPii(profile, [sample]);
	const kindOf = (path: string): string | undefined => report.columns.find((column) => column.path === path)?.kind;

	it('finds PII by value under neutral names and by name, and leaves non-personal columns alone', () => {
		expect(kindOf('contact')).toBe('email');
		expect(kindOf('ref_code')).toBe('iban');
		expect(kindOf('pay')).toBe('card_number');
		expect(kindOf('origin')).toBe('ip_address');
		expect(kindOf('first_name')).toBe('person_name');
		expect(kindOf('last_name')).toBe('person_name');
		expect(kindOf('phone_number')).toBe('phone');
		expect(kindOf('ssn')).toBe('national_id');
		expect(kindOf('street')).toBe('address');
		expect(kindOf('zip')).toBe('postal_code');
		expect(kindOf('password')).toBe('secret');
		for (const path of ['id', 'tier', 'company_name', 'email_verified', 'created_at', 'notes']) expect(kindOf(path)).toBeUndefined();
		const contact = report.columns.find((column) => column.path === 'contact')!;
		expect(contact.evidence.valuesMatched).toBe(contact.evidence.valuesChecked);
	});

	it('applies the per-column policy to records and profiles', () => {
		const record = sample.records[0];
		const redacted = redactRecord(record, 'accounts', report, 'secret-key');
		expect(redacted).not.toHaveProperty('password');
		expect(redacted).not.toHaveProperty('pay');
		expect(redacted.contact).toMatch(/^h_[0-9a-f]{16}$/);
		expect(redactRecord(sample.records[0], 'accounts', report, 'secret-key').contact).toBe(redacted.contact);
		expect(String(redacted.phone_number)).toMatch(/^\+\*\* \*\* \*{5}\d\d$/);
		expect(redacted.first_name).toBe('[redacted]');
		expect(redacted.tier).toBe(record.tier);
		const profileText = JSON.stringify(redactProfile(profile, report, 'secret-key'));
		for (const value of plantedValues(sample).slice(0, 200)) expect(profileText).not.toContain(value);
		expect(profileText).toContain('gold');
	});

	it('never puts a planted value into a prompt, at any detail level, even with redacted example records', async () => {
		const keys = inferKeys(profile, [sample]);
		const model = inferDataModel(profile, [sample], { keys });
		const values = plantedValues(sample);
		for (const tokenBudget of [500, 2000, 8000, 32000]) {
			for (const jsonInstructions of [false, true]) {
				const prompt = buildAnalysisPrompt({ profile, model, samples: [sample], tokenBudget, exampleRecords: 3, hashKey: 'k', jsonInstructions });
				for (const value of values) expect(prompt.text).not.toContain(value);
			}
		}
		const rich = buildAnalysisPrompt({ profile, model, samples: [sample], tokenBudget: 32000, exampleRecords: 3, hashKey: 'k' });
		expect(rich.detailLevel).toBe(3);
		expect(rich.text).toContain('gold');
		expect(rich.text).toContain('example records (redacted)');
		const preview = await runAnalysis([sample], { llmMode: 'preview', exampleRecords: 2 });
		for (const value of values) expect(preview.prompt!.text).not.toContain(value);
		for (const value of values.slice(0, 100)) expect(JSON.stringify(preview.profile)).not.toContain(value);
	});
});
