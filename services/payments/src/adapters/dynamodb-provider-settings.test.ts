import { GetCommand, type PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbProviderSettings, type SettingsDocumentClient } from './dynamodb-provider-settings.ts';

function fakeClient(item: Record<string, unknown> | undefined) {
  const requests: Array<GetCommand['input'] | PutCommand['input']> = [];
  let stored = item;
  const client: SettingsDocumentClient = {
    send: async (command: GetCommand | PutCommand) => {
      requests.push(command.input);
      if (command instanceof GetCommand) return stored === undefined ? {} : { Item: structuredClone(stored) };
      stored = command.input.Item;
      return {};
    },
  };
  return { client, requests, gets: () => requests.filter((input) => 'Key' in input).length };
}

describe('DynamoDbProviderSettings', () => {
  it('reads the PROVIDER#settings item of the payments table', async () => {
    const { client, requests } = fakeClient({ pk: 'PROVIDER#settings', mode: 'outage' });

    const settings = await new DynamoDbProviderSettings(client, 'shop-payments-test').current();

    expect(settings.mode).toBe('outage');
    expect(requests[0]).toEqual({
      TableName: 'shop-payments-test',
      Key: { pk: 'PROVIDER#settings' },
      ConsistentRead: true,
    });
  });

  it('reads again for every charge, so a switch takes effect for the next one, and shares a read in flight', async () => {
    const { client, gets } = fakeClient({ mode: 'up' });
    const settings = new DynamoDbProviderSettings(client, 't');

    await Promise.all([settings.current(), settings.current(), settings.current()]);
    expect(gets()).toBe(1);

    await settings.current();
    expect(gets()).toBe(2);
  });

  it('writes the whole item with who changed it and when, and the next read sees it', async () => {
    const { client, requests } = fakeClient(undefined);
    const settings = new DynamoDbProviderSettings(client, 't');
    await settings.current();

    await settings.write(
      { mode: 'outage', declineRate: 0, latencyMs: 0, declineCustomerIds: [] },
      'ops@laptop',
      new Date('2026-11-24T10:00:00.000Z'),
    );

    expect(requests[1]).toEqual({
      TableName: 't',
      Item: {
        pk: 'PROVIDER#settings',
        mode: 'outage',
        declineRate: 0,
        latencyMs: 0,
        declineCustomerIds: [],
        changedBy: 'ops@laptop',
        changedAt: '2026-11-24T10:00:00.000Z',
      },
    });
    expect((await settings.current()).mode).toBe('outage');
  });
});
