// Calls to /api/v1 from the signed-in browser: session cookie + the CSRF header on writes.

export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

export function apiHeaders(json = true) {
  const headers = { "X-CSRF-Token": csrfToken(), Accept: "application/json" };
  if (json) headers["Content-Type"] = "application/json";
  return headers;
}

// The envelope's data, or an Error carrying the API's message.
export async function api(method, path, body) {
  const init = { method, headers: apiHeaders(body !== undefined && !(body instanceof FormData)), credentials: "same-origin" };
  if (body !== undefined) init.body = body instanceof FormData ? body : JSON.stringify(body);
  const response = await fetch(path, init);
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(errorText(payload, response.status));
  return payload.data;
}

export function errorText(payload, status) {
  const error = payload && payload.error;
  if (!error) return `Request failed (${status}).`;
  const details = Array.isArray(error.details)
    ? error.details.map((d) => d.message || d.msg).filter(Boolean).join("; ") : "";
  return details ? `${error.message}: ${details}` : error.message;
}
