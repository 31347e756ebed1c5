/**
 * An in-memory stand-in for n8n's CLI `CredentialsHelper` (packages/cli/src/credentials-helper.ts),
 * which is not published. Authentication, pre-authentication, defaults and expression
 * resolution follow the CLI implementation; only the database is replaced by a map of
 * credentials encrypted with n8n-core's real `Credentials`/`Cipher`.
 */
import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IVersionedNodeType,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError, Workflow } from 'n8n-workflow';

/** Credential data per credential type name. */
export interface HarnessCredentials {
	[credentialType: string]: ICredentialDataDecryptedObject;
}

export class HarnessCredentialTypes {
	private readonly byName = new Map<string, ICredentialType>();

	constructor(credentialTypes: ICredentialType[]) {
		for (const type of credentialTypes) this.byName.set(type.name, type);
	}

	recognizes(name: string): boolean {
		return this.byName.has(name);
	}

	getByName(name: string): ICredentialType {
		const type = this.byName.get(name);
		if (!type) {
			throw new UnexpectedError(
				`Unrecognized credential type "${name}" - pass it in \`credentialTypes\``,
			);
		}
		return type;
	}

	/** All ancestors via `extends`, like the CLI's CredentialTypes.getParentTypes. */
	getParentTypes(name: string): string[] {
		const extendsArr = this.byName.get(name)?.extends ?? [];
		if (extendsArr.length === 0) return [];
		const parents = [...extendsArr];
		for (const parent of extendsArr) parents.push(...this.getParentTypes(parent));
		return parents;
	}
}

/** Fixed id/name the harness gives the single stored credential of each type. */
export function harnessCredentialRef(type: ICredentialType | string): INodeCredentialsDetails {
	const name = typeof type === 'string' ? type : type.name;
	const displayName = typeof type === 'string' ? type : type.displayName;
	return { id: `harness-${name}`, name: `${displayName} (harness)` };
}

// Mock workflow used to resolve credential expressions outside of a node execution (CLI does the same).
const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};
const mockNodeType = { description: { properties: [] as INodeProperties[] } } as unknown as INodeType;
const mockNodeTypes: INodeTypes = {
	getKnownTypes: () => ({}),
	getByName: (): INodeType | IVersionedNodeType => mockNodeType,
	getByNameAndVersion: (_type: string, version?: number) =>
		NodeHelpers.getVersionedNodeType(mockNodeType, version),
};

/** NB: construct only after `await ensureRuntime()` (Credentials encryption needs the DI InstanceSettings). */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** type -> encrypted credential (the "database"). */
	private readonly store = new Map<string, Credentials>();

	constructor(
		readonly credentialTypes: HarnessCredentialTypes,
		credentials: HarnessCredentials = {},
	) {
		super();
		for (const [type, data] of Object.entries(credentials)) {
			const ref = harnessCredentialRef(
				credentialTypes.recognizes(type) ? credentialTypes.getByName(type) : type,
			);
			const entity = new Credentials(ref, type);
			entity.setData(data);
			this.store.set(type, entity);
		}
	}

	hasCredentials(type: string): boolean {
		return this.store.has(type);
	}

	/** Current stored (decrypted, raw) data; reflects pre-authentication/OAuth token updates. */
	getStoredData(type: string): ICredentialDataDecryptedObject | undefined {
		return this.store.get(type)?.getData();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	/** Same algorithm as the n8n CLI: function authenticate, or the declarative `generic` block. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);

		if (credentialType.authenticate) {
			if (typeof credentialType.authenticate === 'function') {
				return await credentialType.authenticate(
					credentials,
					requestOptions as IHttpRequestOptions,
				);
			}

			if (typeof credentialType.authenticate === 'object') {
				const { authenticate } = credentialType;
				if (requestOptions.headers === undefined) requestOptions.headers = {};

				if (authenticate.type === 'generic') {
					const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
					for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
						for (const [key, value] of Object.entries(outerValue as object)) {
							const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
							const valueResolved = this.resolveValue(
								value as string,
								{ $credentials: credentials },
								workflow,
								node,
							);
							if (!target[outerKey]) target[outerKey] = {};
							target[outerKey][keyResolved] = valueResolved;
						}
					}
				}
			}
		}

		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);

		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		// the mock node used by credential tests (see testCredential)
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';

		if (typeof credentialType.preAuthentication === 'function') {
			if (
				credentials[expirableProperty.name] === '' ||
				credentialsExpired ||
				isTestingCredentials
			) {
				const output = await credentialType.preAuthentication.call(helpers, credentials);

				// the returned data must contain the expirable property, else nothing gets stored
				if (output[expirableProperty.name] === undefined) return undefined;

				if (node.credentials) {
					const nodeCredentials = node.credentials[credentialType.name];
					const stored = (await this.getCredentials(nodeCredentials, credentialType.name)).getData();
					await this.updateCredentials(nodeCredentials, credentialType.name, {
						...stored,
						...(output as ICredentialDataDecryptedObject),
					});
					return Object.assign(credentials, output);
				}
			}
		}
		return undefined;
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (typeof parameterValue !== 'string' || parameterValue.charAt(0) !== '=') {
			return parameterValue;
		}
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const entity = this.store.get(type);
		if (!entity) {
			throw new UnexpectedError(
				`Credential with ID "${nodeCredentials?.id}" does not exist for type "${type}" ` +
					'(no data for this type in the harness `credentials` option).',
			);
		}
		return entity;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialTypeData = this.credentialTypes.getByName(type);

		if (credentialTypeData.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...credentialTypeData.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return credentialTypeData.properties;
		}

		const combineProperties = [] as INodeProperties[];
		for (const credentialsTypeName of credentialTypeData.extends) {
			const mergeCredentialProperties = this.getCredentialsProperties(credentialsTypeName);
			NodeHelpers.mergeNodeProperties(combineProperties, mergeCredentialProperties);
		}
		NodeHelpers.mergeNodeProperties(combineProperties, credentialTypeData.properties);
		return combineProperties;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		const decryptedDataOriginal = credentials.getData();
		if (raw === true) return decryptedDataOriginal;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** Credential property defaults + expression resolution (no overwrites in the harness). */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialsProperties = this.getCredentialsProperties(type);

		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			{ ...decryptedDataOriginal } as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, {
			secretsEnabled: false,
		});

		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = new Workflow({
				nodes: [{ ...mockNode }],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decryptedData = workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			) as ICredentialDataDecryptedObject;
		}

		return decryptedData;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		credentials.setData(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		credentials.updateData({ oauthTokenData: data.oauthTokenData });
	}
}
