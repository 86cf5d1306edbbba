import { describe, expect, it } from 'vitest';
import { gatewayAnswer, toHttpAnswer } from './http-api.ts';

describe('toHttpAnswer (payload format 2.0 responses)', () => {
  it('sends a result with statusCode as given, lower-casing header names and adding apigw-requestid', () => {
    const answer = toHttpAnswer(
      { statusCode: 201, headers: { 'Content-Type': 'application/json', 'X-Count': 3 }, body: '{"a":1}' },
      'req-1',
    );
    expect(answer).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json', 'x-count': '3', 'apigw-requestid': 'req-1' },
      body: '{"a":1}',
    });
  });

  it("gives a result without content-type API Gateway's text/plain", () => {
    expect(toHttpAnswer({ statusCode: 204 }, 'r').headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('turns a result without statusCode into a 200 JSON body', () => {
    expect(toHttpAnswer({ hello: 'world' }, 'r')).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', 'apigw-requestid': 'r' },
      body: '{"hello":"world"}',
    });
    expect(toHttpAnswer('plain', 'r').body).toBe('plain');
    expect(toHttpAnswer(undefined, 'r').body).toBe('null');
  });

  it('decodes a base64 body and sends cookies as set-cookie', () => {
    const answer = toHttpAnswer(
      {
        statusCode: 200,
        body: Buffer.from('bytes').toString('base64'),
        isBase64Encoded: true,
        cookies: ['a=1', 'b=2'],
      },
      'r',
    );
    expect(answer.body).toEqual(Buffer.from('bytes'));
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  it('answers a result API Gateway cannot map with its 500', () => {
    for (const broken of [
      { statusCode: 42 },
      { statusCode: '200' },
      { statusCode: 200, headers: { 'x-a': 'line\r\nbreak' } },
      { statusCode: 200, headers: { 'bad name': 'x' } },
      { statusCode: 200, headers: { 'x-a': { nested: true } } },
      { statusCode: 200, headers: [] },
      { statusCode: 200, cookies: 'a=1' },
      { statusCode: 200, body: { not: 'a string' } },
    ]) {
      expect(toHttpAnswer(broken, 'r')).toEqual(gatewayAnswer(500, 'Internal Server Error', 'r'));
    }
  });
});
