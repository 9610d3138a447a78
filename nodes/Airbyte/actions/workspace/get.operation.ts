import type { IExecuteFunctions } from 'n8n-workflow';

import type { AirbyteClient } from '../../../../lib/airbyte/client';
import { getId } from '../../helpers/utils';
import { workspaceLocator } from '../common.descriptions';
import type { AirbyteOperation } from '../node.type';

export const description = [workspaceLocator];

export async function execute(this: IExecuteFunctions, client: AirbyteClient, i: number) {
	return await client.getWorkspace(getId(this, 'workspaceId', i));
}

export const operation: AirbyteOperation = { description, execute };
