import { describe, it, expect } from 'vitest';
import { decidePermission, isOwnPage } from './permissions.js';

const APP = 'app://lumio';

describe('decidePermission', () => {
  it('grants the microphone to our own page', () => {
    expect(decidePermission({ permission: 'media', mediaTypes: ['audio'], requestingUrl: 'app://lumio/index.html' }, APP)).toBe(true);
    expect(decidePermission({ permission: 'media', mediaType: 'audio', requestingUrl: 'app://lumio/index.html#/talk' }, APP)).toBe(true);
  });

  it('refuses the camera, even together with the microphone', () => {
    expect(decidePermission({ permission: 'media', mediaTypes: ['audio', 'video'], requestingUrl: 'app://lumio/' }, APP)).toBe(false);
    expect(decidePermission({ permission: 'media', mediaType: 'video', requestingUrl: 'app://lumio/' }, APP)).toBe(false);
    expect(decidePermission({ permission: 'media', mediaTypes: [], requestingUrl: 'app://lumio/' }, APP)).toBe(false);
  });

  it('refuses every other permission', () => {
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'hid', 'openExternal', 'fullscreen', 'midi']) {
      expect(decidePermission({ permission, requestingUrl: 'app://lumio/' }, APP)).toBe(false);
    }
  });

  it('refuses pages that are not ours', () => {
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://evil/', 'http://lumio/', 'not a url']) {
      expect(decidePermission({ permission: 'media', mediaTypes: ['audio'], requestingUrl: url }, APP)).toBe(false);
    }
  });
});

describe('isOwnPage', () => {
  it('matches scheme and host, and works for the dev server', () => {
    expect(isOwnPage('http://localhost:5173/src/x.ts', 'http://localhost:5173')).toBe(true);
    expect(isOwnPage('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});
