// Airbyte problem responses (api-problems.yaml, RFC 9457): bodies built from the spec's defaults and
// validated against the problem schema before they are sent.
import type { ValidateFunction } from 'ajv';
import { createAjv, formatErrors } from './ajv';
import { loadProblemsSpec } from './reference';

export type ProblemName =
	| 'BadRequestProblemResponse'
	| 'InvalidApiKeyProblemResponse'
	| 'ForbiddenProblemResponse'
	| 'ResourceNotFoundProblemResponse'
	| 'UnknownValueProblemResponse'
	| 'UnprocessableEntityProblemResponse'
	| 'StateConflictProblemResponse'
	| 'TryAgainLaterConflictProblemResponse'
	| 'UnexpectedProblemResponse'
	| 'ServiceUnavailableProblemResponse'
	| 'RequestTimeoutExceededProblemResponse'
	| 'CronValidationInvalidExpressionProblemResponse'
	| 'CronValidationUnderOneHourNotAllowedProblemResponse'
	| 'CronValidationMissingCronProblemResponse'
	| 'TagAlreadyExistsProblemResponse'
	| 'TagInvalidHexColorProblemResponse'
	| 'TagNameTooLongProblemResponse'
	| 'TagLimitForWorkspaceReachedProblemResponse';

export interface Problem {
	status: number;
	type: string;
	title: string;
	detail?: string;
	documentationUrl?: string;
	data?: Record<string, unknown>;
}

/** Thrown by handlers; the server turns it into the problem response. */
export class ProblemError extends Error {
	constructor(readonly problem: Problem) {
		super(`${problem.status} ${problem.title}: ${problem.detail ?? ''}`);
	}
}

const PROBLEMS_ID = 'https://airbyte.emulator/api-problems.yaml';

export class Problems {
	private readonly schemas: Record<string, any>;
	private readonly validators = new Map<string, ValidateFunction>();
	private readonly ajv = createAjv();

	constructor(referenceDir: string) {
		const spec = loadProblemsSpec(referenceDir);
		this.schemas = spec.components.schemas;
		this.ajv.addSchema({ $id: PROBLEMS_ID, components: spec.components }, PROBLEMS_ID);
	}

	private defaults(name: string): Problem {
		const schema = this.schemas[name];
		if (!schema) throw new Error(`api-problems.yaml has no ${name}`);
		const props = (schema.allOf ?? []).find((p: any) => p.properties)?.properties ?? {};
		return {
			status: props.status?.default ?? 500,
			type: props.type?.default ?? 'https://reference.airbyte.com/reference/errors',
			title: props.title?.default ?? 'unexpected-problem',
			...(props.detail?.default ? { detail: props.detail.default } : {}),
		};
	}

	/** A problem body with the spec's constants; `data`/`detail` filled by the caller. */
	build(name: ProblemName, extra: { detail?: string; data?: Record<string, unknown>; status?: number } = {}): Problem {
		const body: Problem = { ...this.defaults(name), ...extra };
		let validate = this.validators.get(name);
		if (!validate) {
			validate = this.ajv.compile({ $ref: `${PROBLEMS_ID}#/components/schemas/${name}` });
			this.validators.set(name, validate);
		}
		if (!validate(body)) throw new Error(`Emulator bug: ${name} body violates api-problems.yaml: ${formatErrors(validate.errors)}`);
		return body;
	}

	error(name: ProblemName, extra: { detail?: string; data?: Record<string, unknown>; status?: number } = {}): ProblemError {
		return new ProblemError(this.build(name, extra));
	}

	badRequest(message: string): ProblemError {
		return this.error('BadRequestProblemResponse', { data: { message } });
	}

	notFound(resourceType: string, resourceId: string | number): ProblemError {
		return this.error('ResourceNotFoundProblemResponse', { data: { resourceType, resourceId: String(resourceId) } });
	}
}
