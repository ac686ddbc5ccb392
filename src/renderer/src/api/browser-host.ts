// The browser-mode transport: token-guarded HTTP calls, server-sent events and XHR uploads to the loopback host.
import type { ApiClient, CallResult, Channel } from '../../../shared/api';
import type { AppError } from '../../../shared/errors';
import type { AnyEvent } from '../../../shared/events';
import { ApiError } from './api-error';
import type { StagedFile } from './bridge';
import { createEventHub } from './event-hub';
import type { Host, UploadProgress } from './host';

const TOKEN_KEY = 'airlock.token';
const TOKEN_HEADER = 'x-airlock-token';

/** Takes the launch token from ?token=, keeps it for this tab and removes it from the address bar. */
export function takeLaunchToken(location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  return fromUrl ?? storage.getItem(TOKEN_KEY);
}

const unreachable: AppError = {
  code: 'INTERNAL',
  message: 'The Airlock host did not answer.',
  hint: 'Check that `airlock serve` is still running, then reload the page.',
};

function httpError(status: number): AppError {
  if (status === 401 || status === 403) {
    return {
      code: 'UNAUTHORIZED',
      message: 'The host refused this page: its launch token is missing or stale.',
      hint: 'Open the address that `airlock serve` printed (it carries ?token=).',
    };
  }
  return { code: 'INTERNAL', message: `The host answered HTTP ${status}.` };
}

async function readResult<C extends Channel>(response: Response): Promise<CallResult<C>> {
  try {
    return (await response.json()) as CallResult<C>;
  } catch {
    throw new ApiError(httpError(response.status));
  }
}

/** What POST /api/upload answers: the staged file's id, or an AppError. */
type UploadResult = { ok: true; data: { uploadId: string } } | { ok: false; error: AppError };

function upload(token: string, file: File, onProgress: UploadProgress, signal: AbortSignal): Promise<StagedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader(TOKEN_HEADER, token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let result: UploadResult;
      try {
        result = JSON.parse(xhr.responseText) as UploadResult;
      } catch {
        reject(new ApiError(httpError(xhr.status)));
        return;
      }
      if (!result.ok) reject(new ApiError(result.error));
      else resolve({ uploadId: result.data.uploadId, fileName: file.name });
    };
    xhr.onerror = () => reject(new ApiError(unreachable));
    xhr.onabort = () => reject(new ApiError({ code: 'JOB_CANCELLED', message: 'Upload cancelled.' }));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export function createBrowserHost(token: string | null): Host {
  const hub = createEventHub();
  let source: EventSource | null = null;

  const openEvents = () => {
    if (source || !token) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message) => {
      try {
        hub.emit(JSON.parse(message.data) as AnyEvent);
      } catch {
        // a malformed frame carries nothing we could show; the next one will
      }
    };
  };

  const api: ApiClient = {
    async call(channel, input) {
      if (!token) throw new ApiError(httpError(401));
      let response: Response;
      try {
        response = await fetch(`/api/call/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new ApiError(unreachable);
      }
      const result = await readResult<typeof channel>(response);
      if (!result.ok) throw new ApiError(result.error);
      return result.data;
    },
    subscribe(event, listener) {
      const off = hub.subscribe(event, listener);
      openEvents();
      return off;
    },
  };

  return {
    kind: 'browser',
    api,
    pickFolder: null,
    pickFile: null,
    uploadFile: (file, onProgress, signal) => {
      if (!token) return Promise.reject(new ApiError(httpError(401)));
      return upload(token, file, onProgress, signal);
    },
  };
}
