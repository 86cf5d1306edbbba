/**
 * S3 Lifecycle expiration as S3 computes it: an object under a rule's prefix expires the given
 * number of days after it was created, rounded up to the next midnight UTC; S3 then removes it
 * asynchronously. The earliest matching rule wins.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
 */

import type { LifecycleRule } from '@shop/topology/resource-types/s3-bucket';
import type { ObjectHead } from './object-store.ts';

const DAY_MS = 86_400_000;

export interface Expiration {
  readonly date: Date;
  readonly ruleId: string;
}

/** When the object expires under the bucket's rules, or undefined when no rule applies. */
export function expirationOf(
  object: Pick<ObjectHead, 'key' | 'lastModified'>,
  rules: readonly LifecycleRule[],
): Expiration | undefined {
  let earliest: Expiration | undefined;
  const created = Date.parse(object.lastModified);
  for (const rule of rules) {
    if (!object.key.startsWith(rule.prefix)) continue;
    const due = created + rule.expirationDays * DAY_MS;
    const midnight = Math.ceil(due / DAY_MS) * DAY_MS;
    if (earliest === undefined || midnight < earliest.date.getTime()) {
      earliest = { date: new Date(midnight), ruleId: rule.id };
    }
  }
  return earliest;
}
