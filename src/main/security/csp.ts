/**
 * The Content-Security-Policy of Lumio's window. The same string is sent as a response header
 * by the app:// protocol handler and written into index.html's meta tag (the meta tag also
 * protects the page when the e2e host serves it, which knows nothing about Electron).
 *
 * - Nothing remote: every fetch directive is 'self' (or narrower); no https:, no *.
 * - No 'unsafe-eval' anywhere; no inline scripts.
 * - media-src allows blob: because recorded/replayed audio may be wrapped in blob URLs;
 *   worker-src 'self' covers the AudioWorklet module that captures the microphone.
 */
export interface CspOptions {
  /** In `electron-vite dev` the renderer comes from the Vite dev server (http://localhost:port). */
  devServerOrigin?: string;
  /** frame-ancestors is ignored (with a console warning) in a meta tag, so the meta copy leaves it out. */
  forMetaTag?: boolean;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerOrigin;
  const self = dev ? `'self' ${dev}` : `'self'`;
  const devSocket = dev ? ` ${dev.replace(/^http/, 'ws')}` : '';
  const directives: Array<[string, string]> = [
    ['default-src', `'self'`],
    // Dev only: Vite's React Fast Refresh preamble is an inline script. Never in a build.
    ['script-src', dev ? `${self} 'unsafe-inline'` : self],
    // Vite injects <style> tags in dev only; the built app links a stylesheet file.
    ['style-src', dev ? `${self} 'unsafe-inline'` : self],
    ['img-src', `${self} data:`],
    ['font-src', self],
    ['media-src', `${self} blob:`],
    ['connect-src', `${self}${devSocket}`],
    ['worker-src', `${self} blob:`],
    ['object-src', `'none'`],
    ['base-uri', `'none'`],
    ['form-action', `'none'`],
    ['frame-src', `'none'`],
  ];
  if (!options.forMetaTag) directives.push(['frame-ancestors', `'none'`]);
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}
