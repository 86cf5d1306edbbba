import { describe, expect, it } from 'vitest';
import { hostnameOfHostHeader, isForgeableByPages, isLoopbackHostname, refuseNonLoopback } from './loopback.ts';

describe('isLoopbackHostname', () => {
  it('knows localhost, its subdomains, 127.0.0.0/8 and ::1', () => {
    for (const name of ['localhost', 'LOCALHOST', 'console.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) {
      expect(isLoopbackHostname(name)).toBe(true);
    }
  });

  it('refuses every other name, including look-alikes', () => {
    for (const name of [
      'example.com',
      'localhost.example.com',
      '128.0.0.1',
      '0.0.0.0',
      '10.0.0.1',
      '[::2]',
      '127.0.0.1.nip.io',
    ]) {
      expect(isLoopbackHostname(name)).toBe(false);
    }
  });
});

describe('hostnameOfHostHeader', () => {
  it('reads name, name:port and [v6]:port, and nothing else', () => {
    expect(hostnameOfHostHeader('localhost:4566')).toBe('localhost');
    expect(hostnameOfHostHeader('[::1]:3000')).toBe('[::1]');
    expect(hostnameOfHostHeader('a b')).toBe('a b'); // refused later as a non-loopback name
    expect(hostnameOfHostHeader('[::bad')).toBeUndefined();
    expect(hostnameOfHostHeader('localhost:port')).toBeUndefined();
  });
});

describe('refuseNonLoopback', () => {
  it('lets a program with no Host or Origin through, and a page of this machine', () => {
    expect(refuseNonLoopback({})).toBeUndefined();
    expect(refuseNonLoopback({ host: '127.0.0.1:4566', origin: 'http://localhost:3000' })).toBeUndefined();
  });

  it('refuses a rebound Host and a foreign or opaque Origin', () => {
    expect(refuseNonLoopback({ host: 'attacker.example:4566' })).toMatch(/addressed to this machine/);
    expect(refuseNonLoopback({ host: 'localhost', origin: 'https://attacker.example' })).toMatch(/other origins/);
    expect(refuseNonLoopback({ host: 'localhost', origin: 'null' })).toMatch(/other origins/);
  });
});

describe('isForgeableByPages', () => {
  it('calls a state change without a JSON body forgeable, and reads safe', () => {
    expect(isForgeableByPages('POST', {})).toBe(true);
    expect(isForgeableByPages('POST', { 'content-type': 'text/plain' })).toBe(true);
    expect(isForgeableByPages('POST', { 'content-type': 'application/x-www-form-urlencoded' })).toBe(true);
    expect(isForgeableByPages('DELETE', { 'content-type': 'multipart/form-data; boundary=x' })).toBe(true);
    expect(isForgeableByPages('POST', { 'content-type': 'application/json; charset=utf-8' })).toBe(false);
    expect(isForgeableByPages('GET', {})).toBe(false);
  });
});
