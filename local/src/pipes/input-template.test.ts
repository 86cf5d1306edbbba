import { describe, expect, it } from 'vitest';
import { renderInputTemplate, validateInputTemplate } from './input-template.ts';

const CONTEXT = {
  pipeArn: 'arn:aws:pipes:us-east-1:123456789012:pipe/example',
  pipeName: 'example',
  sourceArn: 'arn:aws:sqs:us-east-1:123456789012:my-queue',
  enrichmentArn: undefined,
  targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:target',
  ingestionTime: '2026-01-01T00:00:00.000Z',
};

// The SQS record of the Pipes documentation, with a JSON body.
const RAW = {
  messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
  body: '{"key":"value","n":3}',
  attributes: { SenderId: 'AIDAIENQZJOLO23YVJ4VO' },
};
const INPUT = { raw: RAW, json: { ...RAW, body: { key: 'value', n: 3 } } };

const render = (template: string) => renderInputTemplate(template, INPUT, CONTEXT);

describe('renderInputTemplate', () => {
  it('delivers a static string as it is written', () => {
    expect(render('Hello, sender')).toBe('Hello, sender');
  });

  it('fills a dynamic string', () => {
    expect(render('"Hello, <$.attributes.SenderId>"')).toBe('Hello, AIDAIENQZJOLO23YVJ4VO');
  });

  it('reads the parsed body in a dynamic JSON template and keeps value types', () => {
    expect(
      render('{"key1": "value1", "key2": <$.body.key>, "n": <$.body.n>, "d": <aws.pipes.event.ingestion-time>}'),
    ).toEqual({ key1: 'value1', key2: 'value', n: 3, d: '2026-01-01T00:00:00.000Z' });
  });

  it('fills the pipe variables', () => {
    expect(render('{"pipeArn": <aws.pipes.pipe-arn>, "pipeName": <aws.pipes.pipe-name>}')).toEqual({
      pipeArn: CONTEXT.pipeArn,
      pipeName: 'example',
    });
  });

  it('gives the decoded event for aws.pipes.event.json', () => {
    expect(render('{"original": <aws.pipes.event.json>}')).toEqual({ original: INPUT.json });
  });

  it('strips the quotes of a JSON body placed as text, as the documentation warns', () => {
    expect(render('<$.body>')).toBe('{key:value,n:3}');
  });
});

describe('validateInputTemplate', () => {
  it('accepts JSON paths and the aws.pipes variables', () => {
    expect(() => validateInputTemplate('{"a": <$.body.key>, "b": <aws.pipes.target-arn>}')).not.toThrow();
  });

  it('refuses a variable Pipes does not define', () => {
    expect(() => validateInputTemplate('{"a": <instance>}')).toThrow('contains invalid placeholder <instance>');
  });

  it('refuses a malformed JSON path', () => {
    expect(() => validateInputTemplate('{"a": <$.body[>}')).toThrow('contains an invalid JSON path <$.body[>');
  });
});
