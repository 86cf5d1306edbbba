import { createS3Service, type S3Service } from '../s3/index.ts';
import { createSesService, type SesService } from '../ses/index.ts';
import type { CloudContext, Observability } from './context.ts';

/** S3 with every bucket of the stacks (and their lifecycle rules). */
export function wireS3(context: CloudContext, observe: Observability): S3Service {
  const { topology, dataDir, region } = context;
  const s3 = createS3Service({
    dataDir,
    buckets: topology.buckets,
    region,
    onObject: (activity) => observe.recordHop(observe.hops.storage(activity)),
  });
  context.onStop(() => s3.close());
  context.edge.register(s3.edge);
  return s3;
}

/** SES v2, whose mailbox keeps every mail sent. */
export function wireSes(context: CloudContext, observe: Observability): SesService {
  const ses = createSesService({
    dataDir: context.dataDir,
    onMessage: (message) => observe.recordHop(observe.hops.mail(message)),
  });
  context.onStop(() => ses.close());
  context.edge.register(ses.edge);
  return ses;
}
