/** The API client, typed from the service's OpenAPI document (schema.d.ts, generated). */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { getSession, setSession } from "../auth/session";

// Same origin locally (make run serves the app at /app/); production may set VITE_API_BASE.
const baseUrl = (import.meta.env.VITE_API_BASE as string | undefined) || window.location.origin;

const auth: Middleware = {
  onRequest({ request }) {
    const session = getSession();
    if (session) request.headers.set("Authorization", `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response }) {
    // An expired or rejected token signs the optician out; the router shows the sign-in page.
    if (response.status === 401) setSession(null);
    return response;
  },
};

// fetch is looked up per call so tests can stub it after this module was imported.
export const api = createClient<paths>({ baseUrl, fetch: (request) => globalThis.fetch(request) });
api.use(auth);

/** For the local-only routes (not part of the OpenAPI document). */
export async function localGet<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export type Schemas = import("./schema").components["schemas"];
