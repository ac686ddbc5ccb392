// The browser-mode transport: HTTP calls, server-sent events and XHR uploads to the loopback host.
// The page never sees the session token: the host set it as an HttpOnly cookie when this browser spent its launch link,
// and fetch, XHR and EventSource send that cookie on every same-origin request.
import type { ApiClient, CallResult, Channel } from '../../../shared/api';
import type { AppError } from '../../../shared/errors';
import type { AnyEvent } from '../../../shared/events';
import { ApiError } from './api-error';
import type { StagedFile } from './bridge';
import { createEventHub } from './event-hub';
import type { Host, UploadProgress } from './host';

const unreachable: AppError = {
  code: 'INTERNAL',
  message: 'The Airlock host did not answer.',
  hint: 'Check that `airlock serve` is still running, then reload the page.',
};

function httpError(status: number): AppError {
  if (status === 401 || status === 403) {
    return {
      code: 'UNAUTHORIZED',
      message: 'The host refused this page: it is not signed in to this Airlock session.',
      hint: 'Open a fresh launch link: `airlock serve` prints one at start and on `kill -USR2 <its pid>`.',
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

function upload(file: File, onProgress: UploadProgress, signal: AbortSignal): Promise<StagedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
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
      else resolve({ source: { kind: 'upload', uploadId: result.data.uploadId }, fileName: file.name });
    };
    xhr.onerror = () => reject(new ApiError(unreachable));
    xhr.onabort = () => reject(new ApiError({ code: 'JOB_CANCELLED', message: 'Upload cancelled.' }));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export function createBrowserHost(): Host {
  const hub = createEventHub();
  let source: EventSource | null = null;

  const openEvents = () => {
    if (source) return;
    source = new EventSource('/api/events');
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
      let response: Response;
      try {
        response = await fetch(`/api/call/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
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
    pickSaveTarget: null,
    uploadFile: upload,
    // a same-origin navigation carries the session cookie; the host serves the file once, as an attachment
    download: (downloadId) => {
      const link = document.createElement('a');
      link.href = `/api/download/${encodeURIComponent(downloadId)}`;
      link.download = '';
      link.click();
    },
  };
}
