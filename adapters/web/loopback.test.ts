import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost, isLoopbackHostHeader } from './loopback.js';

describe('loopback', () => {
  it.each(['127.0.0.1', '127.255.0.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])(
    '%s is a loopback address',
    (address) => expect(isLoopbackAddress(address)).toBe(true),
  );

  it.each(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '::2', 'localhost', ''])(
    '%j is not a loopback address',
    (address) => expect(isLoopbackAddress(address)).toBe(false),
  );

  it('accepts localhost and bracketed IPv6 as hosts to bind', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });

  it('reads the Host header with or without a port', () => {
    expect(isLoopbackHostHeader('127.0.0.1:8080')).toBe(true);
    expect(isLoopbackHostHeader('localhost')).toBe(true);
    expect(isLoopbackHostHeader('[::1]:8080')).toBe(true);
    expect(isLoopbackHostHeader('rebound.example:8080')).toBe(false);
    expect(isLoopbackHostHeader(undefined)).toBe(false);
  });
});
