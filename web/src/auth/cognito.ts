/**
 * Production sign-in: Cognito's hosted UI, authorization code with PKCE (no client secret in the
 * browser). Configured at build time by VITE_COGNITO_DOMAIN, VITE_COGNITO_CLIENT_ID and
 * VITE_COGNITO_REDIRECT_URI (docs/deployment.md); without them the app uses local mode's sign-in.
 */

const env = import.meta.env;
const VERIFIER = "kontakt.pkce";

export const cognito = env.VITE_COGNITO_DOMAIN
  ? {
      domain: String(env.VITE_COGNITO_DOMAIN).replace(/\/$/, ""),
      clientId: String(env.VITE_COGNITO_CLIENT_ID ?? ""),
      redirectUri: String(env.VITE_COGNITO_REDIRECT_URI ?? `${window.location.origin}/app/callback`),
    }
  : null;

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function startSignIn(): Promise<void> {
  if (!cognito) return;
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(VERIFIER, JSON.stringify({ verifier, state }));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({
    response_type: "code", client_id: cognito.clientId, redirect_uri: cognito.redirectUri,
    scope: "openid email profile", code_challenge_method: "S256", code_challenge: base64url(digest), state,
  });
  window.location.assign(`${cognito.domain}/oauth2/authorize?${query}`);
}

/** Exchanges the code of the hosted UI's redirect for tokens; the ID token carries custom:optician_id. */
export async function finishSignIn(search: string): Promise<string> {
  if (!cognito) throw new Error("Cognito is not configured");
  const params = new URLSearchParams(search);
  const saved = JSON.parse(sessionStorage.getItem(VERIFIER) ?? "{}") as { verifier?: string; state?: string };
  sessionStorage.removeItem(VERIFIER);
  if (!params.get("code") || !saved.verifier || params.get("state") !== saved.state) {
    throw new Error("The sign-in response does not match this browser's request.");
  }
  const response = await fetch(`${cognito.domain}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", client_id: cognito.clientId, code: params.get("code") ?? "",
      redirect_uri: cognito.redirectUri, code_verifier: saved.verifier,
    }),
  });
  if (!response.ok) throw new Error(`Sign-in failed (${response.status})`);
  const tokens = (await response.json()) as { id_token: string };
  return tokens.id_token;
}

export function signOutUrl(): string | null {
  if (!cognito) return null;
  const query = new URLSearchParams({ client_id: cognito.clientId, logout_uri: `${window.location.origin}/app/` });
  return `${cognito.domain}/logout?${query}`;
}
