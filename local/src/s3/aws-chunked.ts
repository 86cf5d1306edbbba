/**
 * The `aws-chunked` content encoding SDKs use to upload a body with a trailing checksum (or
 * signed chunk by chunk): `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n` repeated, a
 * zero-size chunk, then optional trailer headers and `\r\n`.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */

import { AwsError } from '../edge/aws-error.ts';

const malformed = (why: string) =>
  new AwsError('IncompleteBody', `The request body is not valid aws-chunked encoding: ${why}`, { statusCode: 400 });

/** The decoded bytes of an aws-chunked body; throws IncompleteBody when it is cut off or malformed. */
export function decodeAwsChunked(body: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) throw malformed('a chunk header has no end');
    const header = body.subarray(at, lineEnd).toString('latin1');
    const sizeText = header.split(';', 1)[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw malformed(`bad chunk size "${sizeText.slice(0, 20)}"`);
    const size = Number.parseInt(sizeText, 16);
    at = lineEnd + 2;
    if (size === 0) return Buffer.concat(chunks);
    if (at + size + 2 > body.length) throw malformed('a chunk is cut off');
    chunks.push(body.subarray(at, at + size));
    at += size;
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') throw malformed('a chunk does not end with CRLF');
    at += 2;
  }
}
