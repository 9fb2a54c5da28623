// The dashboard's only way to the API: same origin, session cookie, CSRF token on every change, errors as ApiError.

/** Header and cookie names of the API's browser sessions (api/auth/cookies.ts). */
const CSRF_HEADER = 'x-csrf-token';
const CSRF_COOKIE = 'encours_csrf';

export type ApiErrorKind =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'missing_route'
  | 'bad_input'
  | 'unavailable'
  | 'network'
  | 'server';

/** A failed API call: the HTTP status, the API's own message, and what kind of failure it is for the page. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** True when the server has no such route at all (this version of the API does not offer it yet). */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'missing_route';
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Remembers the CSRF token the login answered (the encours_csrf cookie also carries it across reloads). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when a call answers 401 (the session expired): the layout sends the user to the login page. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** A path with its query string; empty and undefined values are left out. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', withQuery(path, query), undefined, signal);
}

export function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  return request<T>(method, path, body);
}

/** A GET answered as text (CSV export) with the file name the server suggests. */
export async function getText(
  path: string,
  query: Query,
  accept: string,
): Promise<{ text: string; fileName: string | null }> {
  const response = await send('GET', withQuery(path, query), undefined, undefined, accept);
  return { text: await response.text(), fileName: fileNameOf(response) };
}

/** A POST answered as a file (SQL results as CSV or Parquet). */
export async function postForBlob(
  path: string,
  body: unknown,
  accept: string,
): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await send('POST', path, body, undefined, accept);
  return { blob: await response.blob(), fileName: fileNameOf(response) };
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await send(method, path, body, signal, 'application/json');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function send(
  method: string,
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
  accept: string,
): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken ?? readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError('network', 0, 'the server does not answer; is `encours serve` running?', path);
  }
  if (response.ok) return response;
  throw await toApiError(response, path);
}

async function toApiError(response: Response, path: string): Promise<ApiError> {
  let code = '';
  let message = `${response.status} ${response.statusText}`;
  try {
    const payload = (await response.json()) as { error?: string; message?: string };
    code = payload.error ?? '';
    message = payload.message ?? message;
  } catch {
    // not JSON: keep the status line
  }
  const status = response.status;
  if (status === 401) {
    if (!path.startsWith('/api/auth/')) onUnauthenticated?.();
    return new ApiError('unauthenticated', status, message, path);
  }
  if (status === 403) return new ApiError('forbidden', status, message, path);
  if (status === 404)
    return new ApiError(
      message.startsWith('no route') ? 'missing_route' : 'not_found',
      status,
      message,
      path,
    );
  if (status === 400 || code === 'bad_input') return new ApiError('bad_input', status, message, path);
  if (status === 503) return new ApiError('unavailable', status, message, path);
  return new ApiError('server', status, message, path);
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function fileNameOf(response: Response): string | null {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
}
