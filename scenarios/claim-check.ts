import { createHash } from 'node:crypto';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketLifecycleConfigurationCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expectThat, type SharedCloudScenario, until } from './scenario.ts';

interface LabelReference {
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * The claim check: the shipping label is a document, too large for an event and nothing the
 * bus should carry. Fulfillment keeps it in its S3 bucket and OrderShipped carries only its
 * reference (bucket, key, size, SHA-256); notifications fetches it by that reference, checks it,
 * and gives the customer a presigned link. The bucket's lifecycle rule removes labels later.
 */
export const claimCheck: SharedCloudScenario = {
  name: 'claim-check',
  teaches:
    'A document too large for an event goes to S3 and the event carries its reference: fulfillment stores the label, notifications fetches it and links to it.',
  page: 'docs/scenarios/claim-check.md',
  async run(shop, say) {
    const stage = shop.endpoints.stage;
    const s3 = new S3Client({ ...shop.awsClientConfig(), forcePathStyle: true });
    const ada = await shop.customer('ada');
    const orderId = await shop.placeOrder(ada, [{ sku: 'MUG-LOGO-350ML', quantity: 1 }]);
    say(`ada orders a mug (${orderId}). Watch it: ${shop.consoleLink(orderId)}`);
    const shipped = await shop.follow(ada, orderId, ['SHIPPED', 'CANCELLED'], say);
    expectThat(shipped.status === 'SHIPPED', `the order ended ${shipped.status}`);

    const event = await shop.waitForEvent(orderId, 'OrderShipped');
    const label = event.detail.data.label as LabelReference | undefined;
    expectThat(label !== undefined, 'OrderShipped carries no label reference');
    if (!label) return 'unreachable';
    const eventBytes = Buffer.byteLength(JSON.stringify(event.detail));
    say(
      `Fulfillment printed the label and kept it in S3; OrderShipped (${eventBytes} bytes of detail) carries only its reference:`,
    );
    say(`  s3://${label.bucket}/${label.key}`);
    say(`  ${label.contentType}, ${label.bytes} bytes, sha256 ${label.sha256.slice(0, 16)}…`);

    const object = await s3.send(new GetObjectCommand({ Bucket: label.bucket, Key: label.key }));
    const body = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    const sha256 = createHash('sha256').update(body).digest('hex');
    say(
      '  (a real carrier label, a PDF or ZPL with images, runs to hundreds of KB; PutEvents takes 256 KB an entry, billed per 64 KB: documents go to S3, events carry references)',
    );
    say(`GetObject on that reference answers ${body.length} bytes of ${object.ContentType}, its SHA-256 the event's;`);
    expectThat(
      body.length === label.bytes && sha256 === label.sha256,
      'the stored label is not the one the event names',
    );
    const tracking = String(event.detail.data.trackingNumber);
    expectThat(body.toString('utf8').includes(tracking), 'the label does not show the tracking number');
    say(`  the label shows carrier ${String(event.detail.data.carrier)} and tracking number ${tracking}.`);

    const logs = new CloudWatchLogsClient(shop.awsClientConfig());
    await until('notifications fetching the label', async () => {
      const found = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: `/aws/lambda/shop-notifications-${stage}-enrichNotification`,
          filterPattern: `"Label document fetched" "${orderId}"`,
        }),
      );
      return (found.events?.length ?? 0) > 0 ? true : undefined;
    });
    say(
      "Notifications' enrichment fetched the label by the same reference and checked its size and SHA-256 (its log says so).",
    );

    if (!shop.endpoints.localEdgeUrl) {
      return `OrderShipped carried the reference of ${label.key}; the label was in S3 and notifications fetched it.`;
    }
    const mail = await until('the shipment mail', async () =>
      (await shop.mailTextsAbout(ada, orderId)).find((candidate) => candidate.subject.includes('shipped')),
    );
    const link = /https?:\/\/\S+/.exec(
      mail.text.split('\n').find((line) => line.includes('shipping label')) ?? '',
    )?.[0];
    expectThat(link !== undefined, 'the shipment mail has no label link');
    say(`ada's shipment mail links to it with a presigned URL (no credentials needed, valid 24 hours):`);
    say(`  ${String(link).slice(0, 110)}…`);
    const download = await fetch(String(link));
    const downloaded = Buffer.from(await download.arrayBuffer());
    expectThat(download.status === 200, `the link answered ${download.status}`);
    expectThat(
      createHash('sha256').update(downloaded).digest('hex') === label.sha256,
      'the link gave another document',
    );
    say(
      `  fetched as ada's browser would: ${download.status}, ${download.headers.get('content-type')}, ${downloaded.length} bytes, the same label.`,
    );
    const tampered = await fetch(String(link).replace(label.key, label.key.replace(/\.svg$/, '-other.svg')));
    expectThat(tampered.status === 403, `a link pointed at another key answered ${tampered.status}`);
    say(
      `  the same link pointed at another key: ${tampered.status} (${/<Code>(\w+)<\/Code>/.exec(await tampered.text())?.[1]}): the signature covers the key.`,
    );

    const trips = (await shop.trace(orderId)).filter((hop) => hop.kind === 'storage');
    say(
      "The order's timeline (the console link above) shows the label's trips to S3, this lesson's own reads among them:",
    );
    for (const hop of trips) say(`  ${hop.at.slice(11, 23)}  ${hop.summary.replace(label.key, '<label>')}`);
    expectThat(
      trips.some((hop) => hop.name === 'PutObject') && trips.some((hop) => hop.summary.includes('presigned')),
      "the trace lacks the label's PutObject or the presigned GetObject",
    );

    const { Rules } = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: label.bucket }));
    const rule = Rules?.find((candidate) => label.key.startsWith(candidate.Filter?.Prefix ?? ''));
    expectThat(rule?.Expiration?.Days !== undefined, 'the documents bucket has no lifecycle rule for labels');
    const expiry = /expiry-date="([^"]+)"/.exec(object.Expiration ?? '')?.[1];
    say(
      `The bucket's lifecycle rule ${rule?.ID} removes labels ${rule?.Expiration?.Days} days after they are written; S3 says this one goes on ${expiry}.`,
    );
    say(
      `  the local cloud runs S3's lifecycle sweep hourly; here it is run as of that date, for this order's label only:`,
    );
    const swept = await fetch(`${shop.endpoints.localEdgeUrl}/__local/s3/lifecycle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ asOf: new Date(String(expiry)).toISOString(), bucket: label.bucket, prefix: label.key }),
    });
    const { expired } = (await swept.json()) as { expired: Array<{ key: string }> };
    expectThat(
      expired.some((entry) => entry.key === label.key),
      'the lifecycle sweep did not remove the label',
    );
    const after = await fetch(String(link));
    expectThat(after.status === 404, `the link answered ${after.status} after the label expired`);
    say(
      `  removed; the link now answers ${after.status} (NoSuchKey). The event still names it: a claim outlives its document.`,
    );
    return `OrderShipped carried only the label's reference; fulfillment stored it in S3, notifications fetched it and linked to it, and the lifecycle rule removed it.`;
  },
};
