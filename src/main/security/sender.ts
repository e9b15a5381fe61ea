import { isOwnPage } from './permissions.js';

/**
 * Every IPC message is checked to come from our window's main frame showing our page. An
 * iframe, a second window, or our window after it was somehow navigated elsewhere gets nothing.
 */
export interface SenderInfo {
  /** webContents.id of the sender. */
  webContentsId: number;
  /** null when the frame is gone (navigated or destroyed) before the message was handled. */
  frame: { url: string; isMainFrame: boolean } | null;
}

export function isTrustedSender(sender: SenderInfo, expected: { webContentsId: number | null; appOrigin: string }): boolean {
  if (expected.webContentsId === null || sender.webContentsId !== expected.webContentsId) return false;
  if (!sender.frame || !sender.frame.isMainFrame) return false;
  return isOwnPage(sender.frame.url, expected.appOrigin);
}
