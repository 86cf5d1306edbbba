/**
 * The local cloud's Amazon S3: the buckets the stacks declare, objects on disk, lifecycle
 * expiration, presigned URLs. See `s3-api.ts` for the operations and `README.md` for what is
 * checked and what is left out.
 */

import type { BucketSpec } from '@shop/topology/resource-types/s3-bucket';
import type { EdgeService } from '../edge/types.ts';
import { expirationOf } from './lifecycle.ts';
import { ObjectStore } from './object-store.ts';
import { handleS3Request, isS3Request, type ObjectActivity } from './s3-api.ts';

export interface S3ServiceOptions {
  /** Objects live in `${dataDir}/s3.db`. */
  readonly dataDir: string;
  readonly buckets: readonly BucketSpec[];
  readonly region: string;
  /** The time presigned URLs and lifecycle rules are checked against; injectable for tests. */
  readonly clock?: () => Date;
  /** How often the lifecycle sweep runs (S3 runs it about daily); default hourly, 0 for never. */
  readonly sweepIntervalMs?: number;
  /** Told of every object operation once it is answered (the per-order trace). */
  readonly onObject?: (activity: ObjectActivity) => void;
}

export type { ObjectActivity } from './s3-api.ts';

export interface ExpiredObject {
  readonly bucket: string;
  readonly key: string;
  readonly ruleId: string;
  readonly expiredAt: string;
}

export interface S3Service {
  readonly edge: EdgeService;
  /**
   * Removes every object whose lifecycle expiration is at or before `asOf` (default: now), as
   * S3's asynchronous lifecycle run does, and answers what it removed; `only` narrows it to one
   * bucket and key prefix (a lesson's own objects). Also runs on a timer, for everything.
   */
  sweepLifecycle(asOf?: Date, only?: { bucket: string; prefix?: string }): ExpiredObject[];
  close(): void;
}

export function createS3Service(options: S3ServiceOptions): S3Service {
  const store = new ObjectStore(options.dataDir);
  const buckets = new Map(options.buckets.map((bucket) => [bucket.name, bucket]));
  const now = options.clock ?? (() => new Date());
  const context = {
    store,
    buckets,
    region: options.region,
    now,
    ...(options.onObject ? { onObject: options.onObject } : {}),
  };

  const sweepLifecycle = (asOf: Date = now(), only?: { bucket: string; prefix?: string }): ExpiredObject[] => {
    const expired: ExpiredObject[] = [];
    for (const bucket of buckets.values()) {
      if (bucket.lifecycleRules.length === 0 || (only && only.bucket !== bucket.name)) continue;
      for (const head of [...store.heads(bucket.name)]) {
        if (only?.prefix !== undefined && !head.key.startsWith(only.prefix)) continue;
        const expiration = expirationOf(head, bucket.lifecycleRules);
        if (expiration && expiration.date.getTime() <= asOf.getTime()) {
          store.delete(bucket.name, head.key);
          expired.push({
            bucket: bucket.name,
            key: head.key,
            ruleId: expiration.ruleId,
            expiredAt: expiration.date.toISOString(),
          });
        }
      }
    }
    return expired;
  };

  const interval = options.sweepIntervalMs ?? 3_600_000;
  const timer = interval > 0 ? setInterval(() => sweepLifecycle(), interval) : undefined;
  timer?.unref();
  sweepLifecycle();

  return {
    edge: {
      name: 's3',
      claims: isS3Request,
      handle: (request) => handleS3Request(request, context),
    },
    sweepLifecycle,
    close: () => {
      if (timer) clearInterval(timer);
      store.close();
    },
  };
}
