// One Ajv (JSON Schema 2020-12, which OpenAPI 3.1 uses) with ajv-formats and the OpenAPI format names
// Airbyte's specs use (`UUID`, `int32`, `int64`, ...).
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createAjv(): Ajv2020 {
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, discriminator: false });
	addFormats(ajv);
	ajv.addFormat('UUID', UUID);
	ajv.addFormat('uuid', UUID);
	for (const f of ['int32', 'int64', 'float', 'double']) if (!ajv.formats[f]) ajv.addFormat(f, true);
	// Formats that appear in the specs without a checkable definition.
	for (const f of ['password', 'binary', 'byte', 'hostname', 'url', 'set']) if (!ajv.formats[f]) ajv.addFormat(f, true);
	return ajv;
}

export function formatErrors(errors: Array<{ instancePath: string; message?: string; params?: unknown }> | null | undefined): string {
	return (errors ?? [])
		.slice(0, 5)
		.map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in (e.params as object) ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : ''}`)
		.join('; ');
}
