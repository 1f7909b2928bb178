#!/usr/bin/env node
// Drives the official MCP TypeScript SDK against the MCP server, with the SDK's own OAuth support, and prints what
// happened as one JSON object on stdout (the Java end-to-end test asserts on it). Nothing here talks OAuth itself:
// discovery, registration, PKCE, resource indicators, refresh and step-up are the SDK's; this script only plays the
// user at the login form (headless-login.mjs) and records the HTTP exchanges through the SDK's fetch hook.
//
//   node sdk-client.mjs --sdk v1|v2 --url http://127.0.0.1:8080/mcp --case <case> [--user alice --password alice]
//                       [--client-id mcp-m2m --client-secret … --scope "…" --issuer …]
//
// --sdk v1 = @modelcontextprotocol/sdk 1.x (speaks 2025-11-25), v2 = @modelcontextprotocol/client 2.x (2026-07-28).
// Cases:
//   login        log in (authorization code + PKCE + resource, after dynamic client registration), list the tools,
//                call get_channels
//   step-up      log in, list the tools, call record_program (a user without recordings:write gets 403
//                insufficient_scope; the SDK retries the authorization once with the scope the server named)
//   expiry       log in, list the tools, wait until the access token has expired, call get_channels again
//   m2m          client_credentials with the SDK's ClientCredentialsProvider, list the tools, call get_channels
//                and record_program
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { login } from './headless-login.mjs';

const { values: args } = parseArgs({
    options: {
        sdk: { type: 'string', default: 'v2' },
        url: { type: 'string' },
        case: { type: 'string', default: 'login' },
        user: { type: 'string' },
        password: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        scope: { type: 'string' },
        issuer: { type: 'string' },
        'redirect-port': { type: 'string', default: '0' },
    },
});

const serverUrl = new URL(args.url);
const started = Date.now();
let sdk;
let report;

async function run() {
    switch (args.case) {
        case 'login': {
            const session = await connectInteractive();
            await listTools(session);
            await callTool(session, 'get_channels', { location: 'Tokyo' });
            await session.close();
            return;
        }
        case 'step-up': {
            const session = await connectInteractive();
            await listTools(session);
            await callTool(session, 'record_program', { channel: 'NHK G', start: '2026-12-24T21:00:00+09:00' });
            await session.close();
            return;
        }
        case 'expiry': {
            const session = await connectInteractive();
            await listTools(session);
            const expiresAt = tokenClaims(session.provider.tokens().access_token).exp * 1000;
            const wait = Math.max(0, expiresAt - Date.now()) + 3000;
            step('wait', { millis: wait, until: 'the access token has expired' });
            await new Promise((resolve) => setTimeout(resolve, wait));
            await callTool(session, 'get_channels', { location: 'Tokyo' });
            await session.close();
            return;
        }
        case 'm2m': {
            const provider = new sdk.ClientCredentialsProvider({
                clientId: args['client-id'],
                clientSecret: args['client-secret'],
                scope: args.scope,
                expectedIssuer: args.issuer,
            });
            const session = await connect(provider);
            await listTools(session);
            await callTool(session, 'get_channels', { location: 'Tokyo' });
            await callTool(session, 'record_program', { channel: 'NHK G', start: '2026-12-24T21:00:00+09:00' });
            await session.close();
            return;
        }
        default:
            throw new Error(`unknown case ${args.case}`);
    }
}

/** Connects with a provider that logs in at the authorization server's form whenever the SDK sends the user there. */
async function connectInteractive() {
    const provider = new HeadlessUserProvider(`http://127.0.0.1:${args['redirect-port'] === '0' ? 1 + Math.floor(Math.random() * 1000) + 50000 : args['redirect-port']}/callback`);
    try {
        return await connect(provider);
    } catch (e) {
        if (!(e instanceof sdk.UnauthorizedError) || !provider.lastCallback) throw e;
        step('finishAuth');
        await provider.finishAuth(provider.pendingTransport);
        return await connect(provider);
    }
}

async function connect(provider) {
    const transport = new sdk.StreamableHTTPClientTransport(serverUrl, { authProvider: provider, fetch: recordingFetch });
    provider.pendingTransport = transport;
    const client = new sdk.Client({ name: `jakarta-mcp-server-e2e-sdk-${args.sdk}`, version: '1.0.0' }, sdk.clientOptions);
    await client.connect(transport);
    const protocolVersion = client.getNegotiatedProtocolVersion?.() ?? transport.protocolVersion;
    step('connected', { protocolVersion, sessionId: transport.sessionId ?? null });
    report.protocolVersion = protocolVersion;
    return { client, transport, provider, close: () => client.close() };
}

async function listTools(session) {
    try {
        const result = await session.client.listTools();
        step('tools/list', { tools: result.tools.map((t) => t.name) });
    } catch (e) {
        step('tools/list', { error: String(e?.message ?? e) });
        throw e;
    }
}

/**
 * Calls a tool. When the SDK answers a 403 insufficient_scope by sending the user to the authorization server again
 * (it then throws UnauthorizedError), the application redeems the new code and retries the call once, as an
 * interactive application would after the user came back from the login page.
 */
async function callTool(session, name, toolArgs, retried = false) {
    try {
        const result = await session.client.callTool({ name, arguments: toolArgs });
        step('tools/call', { tool: name, isError: !!result.isError, text: (result.content ?? []).map((c) => c.text).join('\n') });
    } catch (e) {
        step('tools/call', { tool: name, error: `${e?.constructor?.name}: ${e?.message ?? e}` });
        if (!retried && e instanceof sdk.UnauthorizedError && session.provider.lastCallback) {
            step('finishAuth');
            await session.provider.finishAuth(session.transport);
            await callTool(session, name, toolArgs, true);
        }
    }
}

function step(name, details = {}) {
    report.steps.push({ step: name, atMillis: Date.now() - started, ...details });
}

/** fetch that remembers each exchange: method, URL (secrets cut), status, and the headers that matter here. */
async function recordingFetch(input, init = {}) {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = init.method ?? (input instanceof Request ? input.method : 'GET');
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    const entry = { atMillis: Date.now() - started, method, url: `${url.origin}${url.pathname}` };
    if (url.origin === serverUrl.origin) {
        entry.to = 'mcp';
        entry.protocolVersionHeader = headers.get('mcp-protocol-version');
        entry.bearer = (headers.get('authorization') ?? '').startsWith('Bearer ');
        if (typeof init.body === 'string') {
            try {
                const message = JSON.parse(init.body);
                entry.rpc = message.method ?? (message.result ? 'response' : undefined);
            } catch { /* not JSON */ }
        }
    } else {
        entry.to = 'as';
        const registration = url.pathname.includes('regist') && typeof init.body === 'string';
        const form = registration ? null : typeof init.body === 'string' ? new URLSearchParams(init.body)
            : init.body instanceof URLSearchParams ? init.body : null;
        if (form) {
            entry.form = Object.fromEntries([...form].filter(([k]) => ['grant_type', 'resource', 'scope', 'client_id', 'code_verifier'].includes(k))
                .map(([k, v]) => [k, k === 'code_verifier' ? 'present' : v]));
        } else if (registration) {
            const registration = JSON.parse(init.body);
            entry.registration = { redirect_uris: registration.redirect_uris, scope: registration.scope, token_endpoint_auth_method: registration.token_endpoint_auth_method };
        }
    }
    const response = await fetch(input, init);
    entry.status = response.status;
    const challenge = response.headers.get('www-authenticate');
    if (challenge) entry.wwwAuthenticate = challenge;
    report.exchanges.push(entry);
    return response;
}

/** An OAuth client provider for the SDK that keeps everything in memory and sends a headless user to the login form. */
class HeadlessUserProvider {
    constructor(redirectUrl) {
        this._redirectUrl = redirectUrl;
        this._state = undefined;
    }

    get redirectUrl() {
        return this._redirectUrl;
    }

    get clientMetadata() {
        return {
            client_name: `jakarta-mcp-server e2e (SDK ${args.sdk})`,
            redirect_uris: [this._redirectUrl],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: 'none',
        };
    }

    state() {
        this._state = randomBytes(16).toString('base64url');
        return this._state;
    }

    clientInformation() {
        return this._client;
    }

    saveClientInformation(info) {
        this._client = info;
        report.clientId = info.client_id;
    }

    tokens() {
        return this._tokens;
    }

    saveTokens(tokens) {
        this._tokens = tokens;
        const claims = tokenClaims(tokens.access_token);
        report.tokens = (report.tokens ?? 0) + 1;
        step('token', { aud: claims.aud, scope: claims.scope, permissions: claims.permissions, user: claims.preferred_username, lifetime: claims.exp - claims.iat, refreshToken: !!tokens.refresh_token });
    }

    saveDiscoveryState(state) {
        this._discovery = state;
    }

    discoveryState() {
        return this._discovery;
    }

    saveCodeVerifier(verifier) {
        this._verifier = verifier;
    }

    codeVerifier() {
        return this._verifier;
    }

    invalidateCredentials(scope) {
        step('invalidateCredentials', { scope });
        if (scope === 'all' || scope === 'tokens') this._tokens = undefined;
        if (scope === 'all' || scope === 'client') this._client = undefined;
    }

    async redirectToAuthorization(authorizationUrl) {
        const params = authorizationUrl.searchParams;
        const entry = {
            atMillis: Date.now() - started,
            clientId: params.get('client_id'),
            scope: params.get('scope'),
            resource: params.get('resource'),
            codeChallengeMethod: params.get('code_challenge_method'),
            state: params.has('state'),
        };
        report.logins.push(entry);
        const callback = new URL(await login(authorizationUrl, { username: args.user, password: args.password }));
        if (callback.searchParams.get('state') !== this._state) throw new Error('state mismatch in the authorization response');
        if (callback.searchParams.has('error')) throw new Error(`authorization error: ${callback.searchParams.get('error')}`);
        this.lastCallback = callback;
    }

    async finishAuth(transport) {
        const callback = this.lastCallback;
        this.lastCallback = undefined;
        if (args.sdk === 'v1') await transport.finishAuth(callback.searchParams.get('code'));
        else await transport.finishAuth(callback.searchParams);
    }
}

function tokenClaims(jwt) {
    return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

/** The version of an installed package (its package.json is not among its exports). */
function packageVersion(name) {
    let dir = dirname(fileURLToPath(import.meta.resolve(name)));
    while (dir !== dirname(dir)) {
        const file = join(dir, 'package.json');
        if (existsSync(file)) {
            const pkg = JSON.parse(readFileSync(file, 'utf8'));
            if (pkg.name === name) return pkg.version;
        }
        dir = dirname(dir);
    }
    return undefined;
}

async function loadSdk(which) {
    if (which === 'v1') {
        const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
        const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
        const { UnauthorizedError } = await import('@modelcontextprotocol/sdk/client/auth.js');
        const { ClientCredentialsProvider } = await import('@modelcontextprotocol/sdk/client/auth-extensions.js');
        return { Client, StreamableHTTPClientTransport, UnauthorizedError, ClientCredentialsProvider, version: packageVersion('@modelcontextprotocol/sdk'), clientOptions: {} };
    }
    if (which === 'v2') {
        const m = await import('@modelcontextprotocol/client');
        return {
            Client: m.Client, StreamableHTTPClientTransport: m.StreamableHTTPClientTransport,
            UnauthorizedError: m.UnauthorizedError, ClientCredentialsProvider: m.ClientCredentialsProvider,
            version: packageVersion('@modelcontextprotocol/client'), clientOptions: { versionNegotiation: { mode: { pin: '2026-07-28' } } },
        };
    }
    throw new Error(`--sdk must be v1 or v2, not ${which}`);
}

sdk = await loadSdk(args.sdk);
report = { sdk: args.sdk, sdkVersion: sdk.version, case: args.case, exchanges: [], logins: [], steps: [] };
try {
    await run();
    report.ok = true;
} catch (e) {
    report.ok = false;
    report.error = `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`;
}
report.millis = Date.now() - started;
process.stdout.write(JSON.stringify(report) + '\n');
process.exit(0);
