// An ICredentialsHelper for the in-process harness with the semantics of n8n's own (packages/cli
// credentials-helper): credential defaults applied, `authenticate` as a function or a generic block with
// expressions over $credentials, and `preAuthentication` run when the hidden `expirable` field is empty or
// after a 401, its result persisted back into the store (so a test can see the refreshed token).
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsEncrypted,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression, NodeHelpers } from 'n8n-workflow';

export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Every preAuthentication call, in order: which type and whether it was a refresh after expiry. */
	readonly preAuthenticationCalls: Array<{ type: string; expired: boolean }> = [];

	constructor(
		private readonly types: Map<string, ICredentialType>,
		readonly store: CredentialStore,
	) {
		super();
	}

	private type(name: string): ICredentialType | undefined {
		return this.types.get(name);
	}

	getParentTypes(name: string): string[] {
		const parents = this.type(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.type(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((n) => nodeType === n || nodeType.endsWith(`.${n}`));
	}

	getCredentialsProperties(name: string): INodeProperties[] {
		const type = this.type(name);
		if (!type) return [];
		const merged: INodeProperties[] = [];
		for (const parent of type.extends ?? []) NodeHelpers.mergeNodeProperties(merged, this.getCredentialsProperties(parent));
		NodeHelpers.mergeNodeProperties(merged, type.properties);
		return merged;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const authenticate = this.type(typeName)?.authenticate;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate.type !== 'generic') return requestOptions;
		if (!workflow || !node) throw new Error('Generic credential authentication needs the workflow and node');
		requestOptions.headers ??= {};
		const resolve = (value: string) => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
			return resolved ? String(resolved) : '';
		};
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			target[outerKey] ??= {};
			for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
				target[outerKey][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type?.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!type || !expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) return undefined;
		this.preAuthenticationCalls.push({ type: typeName, expired: credentialsExpired });
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.store[typeName] = { ...(this.store[typeName] ?? {}), ...output } as ICredentialDataDecryptedObject;
		return Object.assign(credentials, output) as ICredentialDataDecryptedObject;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		if (typeof type?.preAuthentication !== 'function') return undefined;
		return ((await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store[type];
		if (!stored) throw new Error(`The harness has no credentials of type "${type}" (pass them in options.credentials)`);
		const properties = this.getCredentialsProperties(type);
		if (properties.length === 0) return { ...stored };
		const withDefaults = NodeHelpers.getNodeParameters(properties, stored as INodeParameters, true, false, null, null) ?? {};
		return { ...stored, ...withDefaults } as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const store = this.store;
		const credentials: ICredentials = {
			id: nodeCredentials.id ?? undefined,
			name: nodeCredentials.name,
			type,
			data: undefined,
			getData: async () => ({ ...(store[type] ?? {}) }),
			getDataToSave: (): ICredentialsEncrypted => ({ id: nodeCredentials.id ?? undefined, name: nodeCredentials.name, type, data: undefined }),
			setData: async (data: ICredentialDataDecryptedObject) => {
				store[type] = { ...data };
			},
			updateData: async (toUpdate: Partial<ICredentialDataDecryptedObject>) => {
				store[type] = { ...(store[type] ?? {}), ...toUpdate } as ICredentialDataDecryptedObject;
			},
		};
		return credentials;
	}

	async updateCredentials(_nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...(this.store[type] ?? {}), ...data };
	}
}
