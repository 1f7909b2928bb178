// The TypeScript SDK v2 peer of bench/run: the official @modelcontextprotocol/server on plain node:http (no framework),
// the same one tool as the product's example (get_channels → "NHK G", "ETV"), OAuth bearer tokens checked with jose
// against the same JWKS, issuer, audience and permission as the product, both protocol eras:
//   2026-07-28: createMcpHandler (legacy: 'reject'), one server instance per request, as the SDK serves that era;
//   2025-11-25: sessions (initialize → Mcp-Session-Id), one NodeStreamableHTTPServerTransport + McpServer per session,
//               the SDK's documented sessionful wiring, JSON responses (as the product answers these calls).
// Requests are routed as the SDK's isLegacyRequest documentation describes (an existing sessionful legacy wiring next to
// a strict modern handler), from the body parsed once here.
//
// Configuration (environment): PORT, ISSUER, JWKS_URL, RESOURCE (the audience, e.g. http://127.0.0.1:8080/mcp).
// Listens on 127.0.0.1 only. Prints "peer listening on <port>" once ready.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as z from 'zod/v4';
import {
    McpServer,
    OAuthError,
    OAuthErrorCode,
    bearerAuthChallengeResponse,
    createMcpHandler,
    isInitializeRequest,
    verifyBearerToken
} from '@modelcontextprotocol/server';
import {
    NodeStreamableHTTPServerTransport,
    localhostHostValidation,
    localhostOriginValidation,
    toNodeHandler
} from '@modelcontextprotocol/node';

const PORT = Number(process.env.PORT ?? 8080);
const ISSUER = required('ISSUER');
const RESOURCE = required('RESOURCE');
const JWKS = createRemoteJWKSet(new URL(required('JWKS_URL')), {
    // the product's policy: keys cached (10 minutes), refetched at most every 30 s for an unknown kid
    cacheMaxAge: 600_000,
    cooldownDuration: 30_000
});
const MAX_BODY = 4 * 1024 * 1024;

function required(name) {
    const value = process.env[name];
    if (!value) {
        console.error(`peer: environment variable ${name} is required`);
        process.exit(2);
    }
    return value;
}

/** jose verifies signature (RS256 only), issuer, audience, exp/nbf (30 s skew, as the product); the SDK checks the rest. */
const verifier = {
    async verifyAccessToken(token) {
        let payload;
        try {
            ({ payload } = await jwtVerify(token, JWKS, {
                issuer: ISSUER,
                audience: RESOURCE,
                algorithms: ['RS256'],
                clockTolerance: 30,
                requiredClaims: ['exp', 'sub']
            }));
        } catch (e) {
            throw new OAuthError(OAuthErrorCode.InvalidToken, 'invalid token');
        }
        const permissions = Array.isArray(payload.permissions) ? payload.permissions
            : typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
        return {
            token,
            clientId: String(payload.azp ?? payload.client_id ?? payload.sub),
            scopes: permissions,
            expiresAt: payload.exp,
            resource: new URL(RESOURCE),
            extra: { sub: payload.sub }
        };
    }
};
const bearer = {
    verifier,
    expectedResource: new URL(RESOURCE),
    // the product's get_channels requires the permission channels:read
    requiredScopes: ['channels:read'],
    resourceMetadataUrl: `http://127.0.0.1:${PORT}/.well-known/oauth-protected-resource/mcp`
};

/** One definition of the server for both eras. */
function buildServer() {
    const server = new McpServer({ name: 'bench-peer', version: '0.1.0' });
    server.registerTool('get_channels', {
        title: 'Get TV channels',
        description: 'Lists the TV channels that can be received at a location.',
        inputSchema: z.object({ location: z.string().describe('Where the viewer is, e.g. a city name') }),
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }
    }, async () => ({
        content: [{ type: 'text', text: 'NHK G' }, { type: 'text', text: 'ETV' }]
    }));
    return server;
}

const modern = toNodeHandler(createMcpHandler(() => buildServer(), { legacy: 'reject' }), { maxRequestBodySize: MAX_BODY });

/** 2025-era sessions: id → transport. */
const sessions = new Map();

const checkHost = localhostHostValidation();
const checkOrigin = localhostOriginValidation();

async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > MAX_BODY) {
            return null;
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}

function jsonError(res, status, code, message) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

async function sendWebResponse(res, response) {
    const headers = {};
    for (const [name, value] of response.headers) {
        headers[name] = value;
    }
    res.writeHead(response.status, headers);
    res.end(Buffer.from(await response.arrayBuffer()));
}

async function handle(req, res) {
    if (new URL(req.url, 'http://127.0.0.1').pathname !== '/mcp') {
        return jsonError(res, 404, -32000, 'Not found');
    }
    if (!checkHost(req, res) || !checkOrigin(req, res)) {
        return;
    }
    let auth;
    try {
        auth = await verifyBearerToken(req.headers.authorization, bearer);
    } catch (error) {
        return sendWebResponse(res, bearerAuthChallengeResponse(error, bearer));
    }
    req.auth = auth;

    const sessionId = req.headers['mcp-session-id'];
    if (req.method !== 'POST') {
        const transport = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
        if (!transport) {
            return jsonError(res, sessionId ? 404 : 405, -32000, sessionId ? 'Session not found' : 'Method not allowed');
        }
        return transport.handleRequest(req, res);
    }
    const text = await readBody(req);
    if (text === null) {
        return jsonError(res, 413, -32000, 'Payload too large');
    }
    let body;
    try {
        body = JSON.parse(text);
    } catch {
        return jsonError(res, 400, -32700, 'Parse error');
    }
    if (typeof sessionId === 'string') {
        const transport = sessions.get(sessionId);
        if (!transport) {
            return jsonError(res, 404, -32001, 'Session not found');
        }
        return transport.handleRequest(req, res, body);
    }
    if (isInitializeRequest(body)) {
        const transport = new NodeStreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            enableJsonResponse: true,
            onsessioninitialized: id => {
                sessions.set(id, transport);
            },
            onsessionclosed: id => {
                sessions.delete(id);
            }
        });
        transport.onclose = () => {
            if (transport.sessionId) {
                sessions.delete(transport.sessionId);
            }
        };
        await buildServer().connect(transport);
        return transport.handleRequest(req, res, body);
    }
    // everything else is the modern path's (2026-07-28 requests, and its own answers to anything malformed)
    return modern(req, res, body);
}

const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
        console.error('peer: request failed', error);
        if (!res.headersSent) {
            jsonError(res, 500, -32603, 'Internal error');
        } else {
            res.destroy();
        }
    });
});
server.keepAliveTimeout = 65_000;
server.listen(PORT, '127.0.0.1', () => {
    console.log(`peer listening on ${PORT}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
        server.close();
        process.exit(0);
    });
}
