// window.lumio for a plain browser: the same LumioApi the Electron preload exposes, carried over a
// WebSocket to the e2e host, which calls the real core. Test infrastructure (like the preload),
// not a fake: every answer comes from LumioService. Served by e2e/host/server.ts as /lumio-shim.js
// and loaded before the renderer's module script.
(() => {
  'use strict';

  function toBase64(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }
  function fromBase64(b64) {
    const s = atob(b64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out.buffer;
  }
  function encode(value) {
    return JSON.stringify(value, (_k, v) => {
      if (v instanceof Float32Array) return { $f32: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
      if (v instanceof ArrayBuffer) return { $ab: toBase64(new Uint8Array(v)) };
      return v;
    });
  }
  function decode(text) {
    return JSON.parse(text, (_k, v) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1 && typeof v.$ab === 'string') return fromBase64(v.$ab);
        if (keys.length === 1 && typeof v.$f32 === 'string') return new Float32Array(fromBase64(v.$f32));
      }
      return v;
    });
  }

  const listeners = new Set();
  const pending = new Map();
  let nextId = 1;
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/lumio-ws';
  const socket = new WebSocket(url);
  const opened = new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(undefined));
    socket.addEventListener('error', () => reject(new Error('The e2e host is not reachable.')));
  });
  socket.addEventListener('message', (e) => {
    const msg = decode(String(e.data));
    if (msg && typeof msg.id === 'number') {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (p) p(msg.result);
    } else if (msg && 'event' in msg) {
      for (const l of listeners) {
        try {
          l(msg.event);
        } catch (err) {
          console.error(err);
        }
      }
    }
  });
  socket.addEventListener('close', () => {
    for (const [, resolve] of pending) resolve({ ok: false, error: { code: 'INTERNAL', message: 'The connection to Lumio was lost.' } });
    pending.clear();
  });

  const api = {
    async invoke(command, request) {
      await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(encode({ id, command, request }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  Object.defineProperty(window, 'lumio', { value: Object.freeze(api), writable: false, configurable: false });
  // Exposed for specs only: the codec, to test it against the Node half.
  Object.defineProperty(window, '__lumioWire', { value: Object.freeze({ encode, decode }) });
})();
