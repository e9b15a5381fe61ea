import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { resolveAppAsset, mimeTypeOf } from './app-protocol.js';

const root = path.resolve('/opt/lumio/renderer');

describe('resolveAppAsset', () => {
  it('serves files inside the renderer folder', () => {
    expect(resolveAppAsset(root, 'lumio://app/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'lumio://app/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'lumio://app/assets/index-1a2b.js?x=1#y')).toBe(path.join(root, 'assets', 'index-1a2b.js'));
  });
  it('refuses paths that escape it, other hosts and other schemes', () => {
    // The URL parser already folds plain and %2e dot segments at the root, so those stay inside it.
    for (const url of ['lumio://app/../../etc/passwd', 'lumio://app/%2e%2e/%2e%2e/etc/passwd']) {
      const file = resolveAppAsset(root, url);
      expect(file === null || file.startsWith(root + path.sep), url).toBe(true);
    }
    for (const url of [
      'lumio://app/..%2f..%2fetc%2fpasswd',
      'lumio://app/a%2f..%2f..%2f..%2fetc',
      'lumio://app/a%00b',
      'lumio://other/index.html',
      'file:///etc/passwd',
      'nonsense',
    ]) {
      expect(resolveAppAsset(root, url), url).toBeNull();
    }
  });
  it('names the types the page needs', () => {
    expect(mimeTypeOf('a/index.html')).toMatch(/text\/html/);
    expect(mimeTypeOf('a/x.JS')).toMatch(/javascript/);
    expect(mimeTypeOf('a/x.bin')).toBe('application/octet-stream');
  });
});
