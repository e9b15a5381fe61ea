/**
 * Which permission requests Lumio's window may have. Only the microphone ('media' with audio
 * only) and only for our own page; everything else (camera, notifications, geolocation, HID,
 * clipboard, …) is refused, and so is any request from a page that is not ours.
 */
export interface PermissionQuery {
  permission: string;
  /** URL of the frame asking. */
  requestingUrl: string;
  /** From the request handler: which media the page wants. */
  mediaTypes?: readonly string[] | undefined;
  /** From the check handler: a single media type. */
  mediaType?: string | undefined;
}

/** True when `url` is a page of the app itself (same scheme and host as `appOrigin`). */
export function isOwnPage(url: string, appOrigin: string): boolean {
  try {
    const u = new URL(url);
    const app = new URL(appOrigin);
    return u.protocol === app.protocol && u.host === app.host;
  } catch {
    return false;
  }
}

export function decidePermission(query: PermissionQuery, appOrigin: string): boolean {
  if (query.permission !== 'media') return false;
  if (!isOwnPage(query.requestingUrl, appOrigin)) return false;
  if (query.mediaTypes !== undefined) {
    // An empty list would mean "unspecified"; ask for audio explicitly or get nothing.
    return query.mediaTypes.length > 0 && query.mediaTypes.every((t) => t === 'audio');
  }
  if (query.mediaType !== undefined) return query.mediaType === 'audio';
  return false;
}
