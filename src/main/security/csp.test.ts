import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { contentSecurityPolicy } from './csp.js';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name ?? '', values];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  const prod = directives(contentSecurityPolicy());

  it('allows only our own origin and never eval or inline script', () => {
    expect(prod.get('default-src')).toEqual(["'self'"]);
    expect(prod.get('script-src')).toEqual(["'self'"]);
    for (const [, values] of prod) {
      expect(values).not.toContain("'unsafe-eval'");
      expect(values.some((v) => v === '*' || v.startsWith('http') || v === 'https:')).toBe(false);
    }
    expect(prod.get('style-src')).not.toContain("'unsafe-inline'");
  });

  it('lets audio play from blobs and shuts objects, frames and forms', () => {
    expect(prod.get('media-src')).toContain('blob:');
    expect(prod.get('object-src')).toEqual(["'none'"]);
    expect(prod.get('frame-ancestors')).toEqual(["'none'"]);
    expect(prod.get('form-action')).toEqual(["'none'"]);
  });

  it('opens only the dev server, and its HMR socket, in development', () => {
    const dev = directives(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }));
    expect(dev.get('script-src')).toEqual(["'self'", 'http://localhost:5173', "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toContain('ws://localhost:5173');
    expect(dev.get('script-src')).not.toContain("'unsafe-eval'");
  });

  it('is the same policy as the meta tag in the renderer page', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(contentSecurityPolicy({ forMetaTag: true }));
  });
});
