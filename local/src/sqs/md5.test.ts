import { describe, expect, it } from 'vitest';
import { md5OfBody, md5OfMessageAttributes } from './md5.ts';

// Reference digests published with aws-md5-of-message-attributes, which reproduces SQS's algorithm.
const binary = { DataType: 'Binary', BinaryValue: Buffer.from('Hello binary world!') };
const text = { DataType: 'String', StringValue: 'attribValue 1' };
const customNumber = { DataType: 'Number.float', StringValue: '4563442423554324324264524243.32543234' };

describe('md5OfBody', () => {
  it('is the hex MD5 of the UTF-8 body', () => {
    expect(md5OfBody('test')).toBe('098f6bcd4621d373cade4e832627b4f6');
    expect(md5OfBody('The quick brown fox jumps over the lazy dog')).toBe('9e107d9d372bb6826bd81d3542a419d6');
  });
});

describe('md5OfMessageAttributes', () => {
  it('digests a String attribute as SQS does', () => {
    expect(md5OfMessageAttributes({ attribName1: text })).toBe('19e27d4e946b072f3f58da80d94fd778');
  });

  it('digests a custom Number type with its full type name and the string transport', () => {
    expect(md5OfMessageAttributes({ customNumberTypeAttrib: customNumber })).toBe('9fe1b90bbd9965bdf77bac517c7d2495');
  });

  it('digests a Binary attribute with the binary transport', () => {
    expect(md5OfMessageAttributes({ binaryAttribute: binary })).toBe('31a92b15d92f8db860eda32aceb656c3');
  });

  it('sorts attributes by name before digesting', () => {
    const expected = 'c932db14a896c663f83c260297d594ff';
    expect(
      md5OfMessageAttributes({ attribName1: text, customNumberTypeAttrib: customNumber, binaryAttribute: binary }),
    ).toBe(expected);
    expect(
      md5OfMessageAttributes({ binaryAttribute: binary, customNumberTypeAttrib: customNumber, attribName1: text }),
    ).toBe(expected);
  });

  it('is absent when there are no attributes', () => {
    expect(md5OfMessageAttributes({})).toBeUndefined();
    expect(md5OfMessageAttributes(undefined)).toBeUndefined();
  });
});
