import { describe, expect, it } from 'vitest';
import { isAwsError } from '../../edge/aws-error.ts';
import { applyInputTransformer, validateInputTransformer } from './index.ts';

// The example event and variables of "Transforming target input" in the EventBridge User Guide:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
const EVENT = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING', count: 3, tags: { team: 'shop' } },
};
const PATHS = { timestamp: '$.time', instance: '$.detail.instance-id', state: '$.detail.state' };
const CONTEXT = {
  ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example',
  ruleName: 'example',
  ingestionTime: '2015-11-11T21:29:55Z',
};

function transform(template: string, paths: Record<string, string> = PATHS): string {
  return applyInputTransformer(EVENT, { InputPathsMap: paths, InputTemplate: template }, CONTEXT);
}

describe('applyInputTransformer: the documentation examples', () => {
  it('fills a simple string template, keeping its quotes', () => {
    expect(transform('"instance <instance> is in <state>"')).toBe('"instance i-0123456789 is in RUNNING"');
  });

  it('keeps escaped quotes around a value inside a string', () => {
    expect(transform('"instance \\"<instance>\\" is in <state>"')).toBe('"instance \\"i-0123456789\\" is in RUNNING"');
  });

  it('quotes string values placed as JSON values', () => {
    expect(transform('{\n  "instance" : <instance>,\n  "state": <state>\n}')).toBe(
      '{"instance":"i-0123456789","state":"RUNNING"}',
    );
  });

  it('mixes quoted and unquoted placeholders in JSON', () => {
    expect(
      transform(
        '{\n "instance" : <instance>,\n "state": "<state>",\n "instanceStatus": "instance \\"<instance>\\" is in <state>"\n}',
      ),
    ).toBe(
      '{"instance":"i-0123456789","state":"RUNNING","instanceStatus":"instance \\"i-0123456789\\" is in RUNNING"}',
    );
  });

  it('mixes variables with static values and arrays', () => {
    expect(
      transform('{\n  "instance" : <instance>,\n  "state": [ 9, <state>, true ],\n  "Transformed" : "Yes"\n}'),
    ).toBe('{"instance":"i-0123456789","state":[9,"RUNNING",true],"Transformed":"Yes"}');
  });

  it('includes the predefined variables in JSON', () => {
    const out = JSON.parse(
      transform(
        '{"instance" : <instance>, "state": <state>, "ruleArn" : <aws.events.rule-arn>, "ruleName" : <aws.events.rule-name>, "originalEvent" : <aws.events.event>}',
      ),
    );
    expect(out).toEqual({
      instance: 'i-0123456789',
      state: 'RUNNING',
      ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example',
      ruleName: 'example',
      originalEvent: {
        id: EVENT.id,
        account: EVENT.account,
        detailType: EVENT['detail-type'],
        time: EVENT.time,
        source: EVENT.source,
        region: EVENT.region,
        resources: EVENT.resources,
        version: '0',
      },
    });
  });

  it('includes the predefined variables in a string', () => {
    expect(transform('"<aws.events.rule-name> triggered"')).toBe('"example triggered"');
    expect(transform('"at <aws.events.event.ingestion-time> by <aws.events.rule-arn>"')).toBe(
      '"at 2015-11-11T21:29:55Z by arn:aws:events:us-east-2:123456789012:rule/example"',
    );
  });

  it('passes the whole event with <aws.events.event.json>', () => {
    expect(JSON.parse(transform('{"event": <aws.events.event.json>}'))).toEqual({ event: EVENT });
  });

  it('fills a plain-text template with values as text (API reference example)', () => {
    expect(transform('<instance> is in state <state>')).toBe('i-0123456789 is in state RUNNING');
    expect(transform('<instance> is in state "<state>"')).toBe('i-0123456789 is in state "RUNNING"');
  });
});

describe('applyInputTransformer: values of other types', () => {
  const paths = { count: '$.detail.count', tags: '$.detail.tags', resources: '$.resources', detail: '$.detail' };

  it('inserts numbers, objects and arrays as JSON outside quotes', () => {
    expect(transform('{"n": <count>, "tags": <tags>, "r": <resources>}', paths)).toBe(
      '{"n":3,"tags":{"team":"shop"},"r":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"]}',
    );
  });

  it('strips the inner quotes of an object referenced inside a string', () => {
    expect(transform('"Tags are <tags>"', paths)).toBe('"Tags are {team:shop}"');
  });

  it('does not escape string values placed inside quotes (AWS does not)', () => {
    const event = { detail: { note: 'say "hi"' } };
    expect(
      applyInputTransformer(
        event,
        { InputPathsMap: { note: '$.detail.note' }, InputTemplate: '{"n": "<note>"}' },
        CONTEXT,
      ),
    ).toBe('{"n":"say "hi""}');
  });

  it('keeps whitespace inside strings when minifying', () => {
    expect(transform('{ "text" : "a  b <state>" }')).toBe('{"text":"a  b RUNNING"}');
  });
});

describe('applyInputTransformer: missing values', () => {
  // Recorded on AWS: a path that matches nothing becomes an empty string.
  const paths = { 'detail-type': '$.detail-type', timestamp: '$.time', command: '$.detail.notinmessage' };

  it('leaves an empty string in a string template', () => {
    expect(
      transform('"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"', paths),
    ).toBe(
      '"Event of EC2 Instance State-change Notification type, at time 2015-11-11T21:29:54Z, info extracted from detail "',
    );
  });

  it('puts an empty string in a JSON value position', () => {
    expect(
      JSON.parse(transform('{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}', paths)),
    ).toEqual({
      detailType: 'EC2 Instance State-change Notification',
      time: '2015-11-11T21:29:54Z',
      command: '',
    });
  });

  it('leaves text that is not a defined placeholder alone', () => {
    expect(transform('"a <b and <undefined> c"')).toBe('"a <b and <undefined> c"');
  });

  it('keeps templates that only look like JSON as strings (recorded on AWS)', () => {
    expect(transform('"{[/Check with special starting characters for event of <state> type"')).toBe(
      '"{[/Check with special starting characters for event of RUNNING type"',
    );
  });
});

describe('validateInputTransformer', () => {
  it('accepts placeholders from the map and the predefined variables', () => {
    expect(() =>
      validateInputTransformer({ InputPathsMap: PATHS, InputTemplate: '"<instance> <aws.events.rule-name>"' }, 't1'),
    ).not.toThrow();
  });

  it('rejects an undefined placeholder with the message AWS gives', () => {
    try {
      validateInputTransformer({ InputPathsMap: PATHS, InputTemplate: '"<instance> <notdefinedkey>"' }, 't1');
      expect.unreachable();
    } catch (error) {
      expect(isAwsError(error) && [error.code, error.message]).toEqual([
        'ValidationException',
        'InputTemplate for target t1 contains invalid placeholder notdefinedkey.',
      ]);
    }
  });
});
