import { describe, it, expect } from 'vitest';
import { isTrustedSender } from './sender.js';

const expected = { webContentsId: 7, appOrigin: 'app://lumio' };

describe('isTrustedSender', () => {
  it('accepts our window main frame on our page', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: { url: 'app://lumio/index.html', isMainFrame: true } }, expected)).toBe(true);
  });
  it('rejects another window, a subframe, a foreign page and a vanished frame', () => {
    expect(isTrustedSender({ webContentsId: 8, frame: { url: 'app://lumio/index.html', isMainFrame: true } }, expected)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frame: { url: 'app://lumio/index.html', isMainFrame: false } }, expected)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frame: { url: 'https://evil.example/', isMainFrame: true } }, expected)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frame: null }, expected)).toBe(false);
  });
  it('rejects everything before the window exists', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: { url: 'app://lumio/', isMainFrame: true } }, { ...expected, webContentsId: null })).toBe(false);
  });
});
