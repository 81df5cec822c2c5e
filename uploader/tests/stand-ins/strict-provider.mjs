// A strict OpenID provider for sign-in tests in a browser or over HTTP:
// panva's oidc-provider on loopback, with its development login and consent
// forms. It requires PKCE (S256), checks redirect URIs exactly and refuses a
// code used twice.
//
// Usage: node strict-provider.mjs [--port PORT]   (prints "listening on URL")
//
// Clients: register one per test with dynamic client registration,
//   POST /reg {"redirect_uris": [...], "post_logout_redirect_uris": [...]}
// which answers with a client_id and client_secret; or configure one fixed
// client with TROGS_OIDC_CLIENT_ID, TROGS_OIDC_CLIENT_SECRET and
// TROGS_OIDC_REDIRECT_URIS (space-separated; also the post-logout URIs).
//
// Accounts: any login name and password sign in; the login name is the
// subject, the email is LOGIN@example.test and is verified, the name is the
// login name.

import { createServer } from 'node:http';
import Provider from 'oidc-provider';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(arg('port', '0'));
const host = '127.0.0.1';

const clients = [];
if (process.env.TROGS_OIDC_CLIENT_ID) {
  const uris = (process.env.TROGS_OIDC_REDIRECT_URIS || '').split(/\s+/).filter(Boolean);
  clients.push({
    client_id: process.env.TROGS_OIDC_CLIENT_ID,
    client_secret: process.env.TROGS_OIDC_CLIENT_SECRET || 'trogs-test-secret',
    redirect_uris: uris,
    post_logout_redirect_uris: uris,
  });
}

async function findAccount(_ctx, sub) {
  return {
    accountId: sub,
    async claims() {
      return { sub, email: `${sub}@example.test`, email_verified: true, name: sub };
    },
  };
}

function configuration() {
  return {
    clients,
    findAccount,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Scope claims (email, name) go in the ID token, not only in userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    cookies: { keys: ['trogs-strict-provider-cookie-key'] },
  };
}

// The issuer needs the bound port, so bind first, then create the provider
// on that port's URL and hand it the server's requests.

let handler = (_req, res) => {
  res.writeHead(503);
  res.end();
};
const server = createServer((req, res) => handler(req, res));
server.listen(port, host, () => {
  const { port: bound } = server.address();
  const issuer = `http://${host}:${bound}`;
  const provider = new Provider(issuer, configuration());
  handler = provider.callback();
  console.log(`listening on ${issuer}`);
});
