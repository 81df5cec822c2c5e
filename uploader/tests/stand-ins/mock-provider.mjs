// A lax OpenID provider for the sign-in API tests: oauth2-mock-server on
// loopback, with an issuer that ends in a slash as Auth0's does, and a small
// control endpoint through which a test says who signs in and how the
// provider misbehaves for one client id.
//
// Usage: node mock-provider.mjs [--port PORT]   (prints "listening on URL")
//
// Control: PUT /_trogs/clients/CLIENT_ID with a JSON body
//   { "sub": "...", "email": "...", "email_verified": true, "name": "...",
//     "misbehave": null | "wrong-nonce" | "expired" | "other-issuer"
//                  | "other-audience" | "bad-signature" | "new-key" }
// applies to every ID token issued to CLIENT_ID from then on. Tests use a
// client id of their own, so tests running at once don't meet.
// GET /_trogs/health answers 200 when the provider is up.

import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';

const MISBEHAVIOURS = new Set([
  'wrong-nonce', 'expired', 'other-issuer', 'other-audience', 'bad-signature', 'new-key',
]);

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(arg('port', '0'));
const host = '127.0.0.1';

// Keys the token endpoint signs with beyond the issuer's own: "new-key"
// publishes a fresh one in /jwks as it signs (a key rotation), while
// "bad-signature" signs with one that is never published.
const extraPublicKeys = [];
const clients = new Map();

function clientIdOf(req) {
  const auth = req.headers.authorization;
  if (auth && auth.startsWith('Basic ')) {
    const pair = Buffer.from(auth.slice(6), 'base64').toString();
    const name = pair.slice(0, pair.indexOf(':'));
    return decodeURIComponent(name.replace(/\+/g, ' '));
  }
  return req.body?.client_id;
}

function base64url(data) {
  return Buffer.from(data).toString('base64url');
}

// Keys are made and used with WebCrypto's asynchronous calls only: a
// synchronous RSA key generation on the main thread, while jose signs on
// libuv's pool, was seen to deadlock this process.
const { subtle } = globalThis.crypto;

async function newKey() {
  const pair = await subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  const { kty, n, e } = await subtle.exportKey('jwk', pair.publicKey);
  const kid = `trogs-${randomUUID()}`;
  return { kid, jwk: { kty, n, e, kid, alg: 'RS256', use: 'sig' }, privateKey: pair.privateKey };
}

async function resign(jwt, kid, privateKey) {
  const [, payload] = jwt.split('.');
  const header = base64url(JSON.stringify({ typ: 'JWT', kid, alg: 'RS256' }));
  const input = `${header}.${payload}`;
  const signature = await subtle.sign('RSASSA-PKCS1-v1_5', privateKey, Buffer.from(input));
  return `${input}.${base64url(signature)}`;
}

// Signs "bad-signature" tokens: never published.
const rogueKey = await newKey();

// ID tokens to sign again before they are sent, by token request.
const resigning = new WeakMap();

async function resignBody(text, how) {
  const body = JSON.parse(text);
  if (how === 'bad-signature') {
    // Same key id as the published key, signature by another key.
    const [head] = body.id_token.split('.');
    const { kid } = JSON.parse(Buffer.from(head, 'base64url').toString());
    body.id_token = await resign(body.id_token, kid, rogueKey.privateKey);
  } else {
    const key = await newKey();
    extraPublicKeys.push(key.jwk);
    body.id_token = await resign(body.id_token, key.kid, key.privateKey);
  }
  return JSON.stringify(body);
}

const issuer = new OAuth2Issuer();
await issuer.keys.generate('RS256');
const service = new OAuth2Service(issuer);

service.on('beforeTokenSigning', (token, req) => {
  // The access token carries a scope; the ID token does not.
  if ('scope' in token.payload) return;
  const setup = clients.get(clientIdOf(req));
  if (!setup) return;
  for (const claim of ['sub', 'email', 'email_verified', 'name']) {
    if (setup[claim] !== undefined && setup[claim] !== null) token.payload[claim] = setup[claim];
  }
  const now = Math.floor(Date.now() / 1000);
  switch (setup.misbehave) {
    case 'wrong-nonce':
      token.payload.nonce = 'not-the-nonce-this-sign-in-sent';
      break;
    case 'expired':
      token.payload.iat = now - 7200;
      token.payload.nbf = now - 7200;
      token.payload.exp = now - 3600;
      break;
    case 'other-issuer':
      token.payload.iss = 'http://127.0.0.1:9/another-issuer/';
      break;
    case 'other-audience':
      token.payload.aud = 'another-client';
      break;
    default:
      break;
  }
});

service.on('beforeResponse', (response, req) => {
  const setup = clients.get(clientIdOf(req));
  if (!setup || typeof response.body?.id_token !== 'string') return;
  if (setup.misbehave === 'bad-signature' || setup.misbehave === 'new-key') {
    resigning.set(req, setup.misbehave);
  }
});

// The token endpoint's answer, signed again on its way out when
// beforeResponse asked for it (the hook itself cannot wait for WebCrypto).
function resignOnTheWayOut(req, res) {
  const end = res.end.bind(res);
  res.end = (chunk, ...rest) => {
    const how = resigning.get(req);
    if (!how || chunk == null) return end(chunk, ...rest);
    resigning.delete(req);
    resignBody(String(chunk), how).then(
      (body) => {
        res.setHeader('content-length', Buffer.byteLength(body));
        res.removeHeader('etag');
        end(body);
      },
      (err) => {
        res.statusCode = 500;
        res.setHeader('content-length', Buffer.byteLength(String(err)));
        end(String(err));
      },
    );
    return res;
  };
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, issuer.url);
  try {
    if (url.pathname === '/_trogs/health') {
      answer(res, 200, { issuer: issuer.url });
      return;
    }
    const control = url.pathname.match(/^\/_trogs\/clients\/([^/]+)$/);
    if (control && req.method === 'PUT') {
      const setup = await readJson(req);
      if (setup.misbehave != null && !MISBEHAVIOURS.has(setup.misbehave)) {
        answer(res, 400, { error: `unknown misbehaviour ${setup.misbehave}` });
        return;
      }
      clients.set(decodeURIComponent(control[1]), setup);
      answer(res, 200, setup);
      return;
    }
    if (url.pathname === '/jwks' && req.method === 'GET') {
      answer(res, 200, { keys: [...issuer.keys.toJSON(), ...extraPublicKeys] });
      return;
    }
    if (url.pathname === '/token') resignOnTheWayOut(req, res);
    service.requestHandler(req, res);
  } catch (err) {
    answer(res, 500, { error: String(err) });
  }
});

server.listen(port, host, () => {
  const { port: bound } = server.address();
  issuer.url = `http://${host}:${bound}/`;
  console.log(`listening on ${issuer.url}`);
});
