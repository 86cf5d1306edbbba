import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Logger } from '@shop/shared/logger';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse, Context } from 'aws-lambda';
import {
  answerCustomResource,
  type CustomResourceResponder,
  sendCloudFormationResponse,
} from '../adapters/cloudformation-custom-resource.ts';
import { composeSeedStock } from '../compose.ts';
import type { SeedCatalogueResult } from '../domain/seed-catalogue.ts';

export interface SeedStockHandlerDependencies {
  seed: () => Promise<SeedCatalogueResult>;
  respond: CustomResourceResponder;
  logger: Logger;
}

/**
 * The `Custom::StockSeed` resource: on Create and Update, puts the starting stock of every
 * catalogue SKU that has none (live stock is never overwritten); on Delete, keeps the stock,
 * which lives and dies with the table. Always answers CloudFormation, SUCCESS or FAILED.
 */
export function createSeedStockHandler(deps: SeedStockHandlerDependencies) {
  return middy<CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse, Error, Context>()
    .use(injectLambdaContext(deps.logger, { clearState: true }))
    .handler(async (event, context) => {
      const response = await answerCustomResource(
        event,
        context,
        async () => {
          if (event.RequestType === 'Delete') return undefined;
          const { added, kept } = await deps.seed();
          deps.logger.info('Catalogue stock seeded', { added, kept });
          return { Added: String(added.length), Kept: String(kept.length) };
        },
        deps.respond,
      );
      const { Status, Reason } = response;
      deps.logger[Status === 'SUCCESS' ? 'info' : 'error']('Answered CloudFormation', {
        requestType: event.RequestType,
        Status,
        Reason,
      });
      return response;
    });
}

export const handler = createSeedStockHandler({ ...composeSeedStock(), respond: sendCloudFormationResponse });
