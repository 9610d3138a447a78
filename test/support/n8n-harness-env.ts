// Imported first by the in-process harness: n8n-core's InstanceSettings writes an encryption key into
// $N8N_USER_FOLDER/.n8n/config on first use. Point it at a throwaway folder instead of the user's ~/.n8n.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
}
// n8n-core's ErrorReporter logs every node error through winston to the console; tests assert on errors.
process.env.N8N_LOG_LEVEL ??= 'silent';
