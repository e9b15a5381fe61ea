import { app, session } from 'electron';
import { decidePermission, isOwnPage } from './permissions.js';

/**
 * Permissions, navigation and new windows, for every web contents the app ever creates. Only the
 * app's own page may use the microphone; nothing navigates away, opens a window or a webview.
 */
export function hardenSessions(o: { appOrigin: string; csp: string; devServerUrl: string | undefined }): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(
      decidePermission({ permission, requestingUrl: details.requestingUrl, mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined }, o.appOrigin),
    );
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    decidePermission({ permission, requestingUrl: details.requestingUrl ?? requestingOrigin, mediaType: details.mediaType }, o.appOrigin),
  );
  ses.setDevicePermissionHandler(() => false);
  // The dev server's pages get the same CSP as a header (the built app gets it from the lumio:// protocol).
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (o.devServerUrl && isOwnPage(details.url, o.appOrigin)) headers['Content-Security-Policy'] = [o.csp];
    callback({ responseHeaders: headers });
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== contents.getURL()) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
