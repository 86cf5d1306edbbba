import { LOCAL_CLOUD_DEFAULT_PORTS } from '@shop/shared/operator-client';
import { HttpApi } from '../apigateway/http-api.ts';
import { createCognitoService } from '../cognito/index.ts';
import type { SesService } from '../ses/index.ts';
import type { WiredCloudWatch } from './cloudwatch.ts';
import type { CloudContext, Observability } from './context.ts';
import type { WiredLambda } from './lambda.ts';

export interface WiredHttpApi {
  readonly url: string;
  readonly cognito: Awaited<ReturnType<typeof createCognitoService>>;
}

/**
 * The Cognito user pools and clients of the stacks (their mail goes through SES), and the HTTP
 * API with every `httpApi` route, its JWT authorizers checked against those pools' keys,
 * listening on its own port.
 */
export async function wireHttpApi(
  context: CloudContext,
  deps: { observe: Observability; lambda: WiredLambda; ses: SesService; cloudWatch: WiredCloudWatch },
): Promise<WiredHttpApi> {
  const { topology, dataDir, edgeUrl, accountId, options } = context;
  const { observe, ses } = deps;
  const cognito = await createCognitoService({
    dataDir,
    edgeUrl,
    userPools: topology.userPools,
    userPoolClients: topology.userPoolClients,
    // Cognito's default sender for verification codes and temporary passwords.
    sendMessage: (message) => ses.sendServiceMail({ from: 'no-reply@verificationemail.com', ...message }),
  });
  for (const service of cognito.edgeServices) context.edge.register(service);
  const httpApi = new HttpApi(topology.httpRoutes, deps.lambda.runtime, accountId, {
    issuerKeys: (issuer) => cognito.pools.jwksForIssuer(issuer),
    onRequest: (record) => {
      if (record.apiId) deps.cloudWatch.service.awsMetrics.httpRequest(record.apiId, '$default', record);
      observe.recordHop(observe.hops.api(record));
    },
  });
  const port = await httpApi.listen(options.httpPort ?? LOCAL_CLOUD_DEFAULT_PORTS.httpApi);
  context.onStop(() => httpApi.close());
  return { url: `http://127.0.0.1:${port}`, cognito };
}
