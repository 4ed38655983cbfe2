import { describe, expect, it } from 'vitest';
import { hostAllowed, isBlockedAddress } from './media-fetch.ts';

describe('media policy', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.31.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['not an address', true],
    ['52.95.110.1', false],
    ['2a05:d018::1', false],
  ])('blocks %s: %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });

  it.each([
    ['bucket.s3.eu-west-1.amazonaws.com', true],
    ['AMAZONAWS.COM.evil.example', false],
    ['evilamazonaws.com', false],
    ['amazonaws.com', false],
    ['media.didit.me', true],
    ['localhost', false],
  ])('allows %s under the default list: %s', (host, allowed) => {
    expect(hostAllowed(host, ['*.amazonaws.com', '*.didit.me'])).toBe(allowed);
  });
});
