import { describe, expect, it } from 'vitest';
import { isAwsError } from '../../edge/aws-error.ts';
import { applyInputPath } from './index.ts';

// The event AWS's own input-path checks use (recorded in localstack's AWS-validated snapshots).
const EVENT = {
  version: '0',
  id: '3a1f1a3e-0000-4000-8000-000000000001',
  'detail-type': 'core.update-account-command',
  source: 'core.update-account-command',
  account: '111111111111',
  time: '2024-05-13T12:27:07Z',
  region: 'us-east-1',
  resources: ['arn:aws:s3:::bucket', 'arn:aws:s3:::other'],
  detail: {
    command: 'update-account',
    payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' },
    'key with space': 1,
    lines: [
      { sku: 'A', qty: 1 },
      { sku: 'B', qty: 2 },
    ],
  },
};

describe('applyInputPath', () => {
  it('selects the detail', () => {
    expect(applyInputPath(EVENT, '$.detail')).toBe(EVENT.detail);
  });

  it('selects a nested object', () => {
    expect(applyInputPath(EVENT, '$.detail.payload')).toEqual({ acc_id: '0a787ecb-4015', sf_id: 'baz' });
  });

  it('selects a leaf, which the target receives as JSON', () => {
    expect(JSON.stringify(applyInputPath(EVENT, '$.detail.payload.sf_id'))).toBe('"baz"');
  });

  it('selects the whole event with $', () => {
    expect(applyInputPath(EVENT, '$')).toBe(EVENT);
  });

  it('reads keys with dashes in dot notation and any key in bracket notation', () => {
    expect(applyInputPath(EVENT, '$.detail-type')).toBe('core.update-account-command');
    expect(applyInputPath(EVENT, "$.detail['key with space']")).toBe(1);
    expect(applyInputPath(EVENT, '$["detail"]["command"]')).toBe('update-account');
  });

  it('indexes arrays, negative indexes counting from the end', () => {
    expect(applyInputPath(EVENT, '$.resources[0]')).toBe('arn:aws:s3:::bucket');
    expect(applyInputPath(EVENT, '$.detail.lines[-1].sku')).toBe('B');
  });

  it('returns every match for a wildcard or deep scan', () => {
    expect(applyInputPath(EVENT, '$.detail.lines[*].sku')).toEqual(['A', 'B']);
    expect(applyInputPath(EVENT, '$..qty')).toEqual([1, 2]);
  });

  it('returns undefined for a path that selects nothing', () => {
    expect(applyInputPath(EVENT, '$.detail.missing')).toBeUndefined();
    expect(applyInputPath(EVENT, '$.detail.command.length')).toBeUndefined();
    expect(applyInputPath(EVENT, '$.resources[5]')).toBeUndefined();
  });

  it.each(['detail', '$.', '$.detail[', '$.detail[x]'])('rejects the malformed path %j', (path) => {
    try {
      applyInputPath(EVENT, path);
      expect.unreachable();
    } catch (error) {
      expect(isAwsError(error) && error.code).toBe('ValidationException');
    }
  });
});
