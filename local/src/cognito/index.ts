/**
 * The local cloud's Amazon Cognito user pools: the pools and app clients the stacks declare,
 * users who sign up or are created by an admin, and tokens signed the way Cognito signs them.
 * See `README.md` for the behaviour followed and what is left out.
 */

import type { UserPoolSpec } from '@shop/topology/resource-types/cognito-user-pool';
import type { UserPoolClientSpec } from '@shop/topology/resource-types/cognito-user-pool-client';
import type { EdgeService } from '../edge/types.ts';
import { cognitoEdgeService, cognitoWellKnownService } from './cognito-api.ts';
import { clientSettingsOf, poolSettingsOf } from './pool-settings.ts';
import { type CognitoMessage, UserPools } from './user-pools.ts';

export { CognitoConfigurationError } from './pool-settings.ts';
export type { AuthenticationResult, CognitoMessage } from './user-pools.ts';
export { UserPools } from './user-pools.ts';

export interface CognitoService {
  readonly pools: UserPools;
  readonly edgeServices: readonly EdgeService[];
}

export async function createCognitoService(options: {
  readonly dataDir: string;
  readonly edgeUrl: string;
  readonly userPools: readonly UserPoolSpec[];
  readonly userPoolClients: readonly UserPoolClientSpec[];
  readonly sendMessage?: (message: CognitoMessage) => void;
}): Promise<CognitoService> {
  const poolSettings = options.userPools.map(poolSettingsOf);
  const byId = new Map(poolSettings.map((pool) => [pool.id, pool]));
  const clients = options.userPoolClients.map((client) => clientSettingsOf(client, byId));
  const pools = await UserPools.open({
    dataDir: options.dataDir,
    pools: poolSettings,
    clients,
    ...(options.sendMessage ? { sendMessage: options.sendMessage } : {}),
  });
  return { pools, edgeServices: [cognitoEdgeService(pools), cognitoWellKnownService(pools, options.edgeUrl)] };
}
