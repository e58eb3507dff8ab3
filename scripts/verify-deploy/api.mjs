import { setTimeout as sleep } from "node:timers/promises";

/*
 * The public API as verify-deploy calls it: bearer token, JSON, the run's correlation id on the
 * request that starts the flow, and the presigned POSTs to S3.
 */

/** The API's refusal as a sentence: method, path, status and the body's message. */
const refusal = async (method, path, response) => {
  const text = await response.text();
  let message = text.replace(/\s+/g, " ").slice(0, 300);
  try {
    const body = JSON.parse(text);
    message = [body.message, ...(body.issues ?? [])].filter(Boolean).join(": ") || message;
  } catch {
    // not JSON: the text as it came
  }
  return new Error(`${method} ${path} answered ${response.status}${message ? `: ${message}` : ""}`);
};

/**
 * @example
 * const api = apiClient({ apiUrl, token });
 * await api.get("/photos/01J…", signal); // the photo view
 */
export const apiClient = ({ apiUrl, token }) => {
  const call = async (method, path, { body, headers = {}, signal }) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal,
    });
    if (!response.ok) throw await refusal(method, path, response);
    return response.json();
  };
  return {
    get: (path, signal) => call("GET", path, { signal }),
    post: (path, body, options) => call("POST", path, { body, ...options }),
  };
};

/** Sends a file to its presigned POST, as a browser form would. */
export const postToS3 = async (upload, file, signal) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append("file", new Blob([file.bytes], { type: file.contentType }), file.name);
  const response = await fetch(upload.url, { method: "POST", body: form, signal });
  if (!response.ok) throw await refusal("POST", "(presigned S3 POST)", response);
  await response.arrayBuffer();
};

/** Calls `check` every `everyMs` until it answers something other than undefined (or throws, or `signal` aborts). */
export const waitFor = async (check, signal, everyMs = 2000) => {
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    await sleep(everyMs, undefined, { signal });
  }
};
