// Validates Airbyte protocol messages (airbyte_protocol_v0.yaml, JSON Schema draft-07) emitted by sources.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { formatErrors } from './ajv';
import { loadProtocolSpec } from './reference';

const validators = new Map<string, { message: ValidateFunction; configuredCatalog: ValidateFunction }>();

function compile(referenceDir: string) {
	let v = validators.get(referenceDir);
	if (!v) {
		const spec = loadProtocolSpec(referenceDir);
		const ajv = new Ajv({ strict: false, allErrors: false });
		addFormats(ajv);
		const id = 'https://airbyte.emulator/airbyte_protocol_v0.yaml';
		ajv.addSchema({ ...spec, $id: id }, id);
		v = {
			message: ajv.compile({ $ref: `${id}#/definitions/AirbyteMessage` }),
			configuredCatalog: ajv.compile({ $ref: `${id}#/definitions/ConfiguredAirbyteCatalog` }),
		};
		validators.set(referenceDir, v);
	}
	return v;
}

export class ProtocolViolation extends Error {}

export function assertAirbyteMessage(referenceDir: string, message: unknown): void {
	const { message: validate } = compile(referenceDir);
	if (!validate(message)) throw new ProtocolViolation(`source emitted an invalid AirbyteMessage: ${formatErrors(validate.errors)}`);
}

export function assertConfiguredCatalog(referenceDir: string, catalog: unknown): void {
	const { configuredCatalog: validate } = compile(referenceDir);
	if (!validate(catalog)) throw new ProtocolViolation(`invalid ConfiguredAirbyteCatalog: ${formatErrors(validate.errors)}`);
}
