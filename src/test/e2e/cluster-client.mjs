#!/usr/bin/env node
// Drives the official MCP TypeScript SDK against two nodes of a cluster, sending every HTTP request to the other node
// than the one before (as a round-robin load balancer would), and prints what happened as one JSON object on stdout.
//
//   node cluster-client.mjs --sdk v1|v2 --urls http://127.0.0.1:A/mcp,http://127.0.0.1:B/mcp --token <access token>
//
// v1 = @modelcontextprotocol/sdk 1.x (2025-11-25: a session created on one node is used on both),
// v2 = @modelcontextprotocol/client 2.x (2026-07-28: stateless).
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { sdk: { type: 'string' }, urls: { type: 'string' }, token: { type: 'string' } } });
const urls = args.urls.split(',').map((u) => new URL(u));
const started = Date.now();
const report = { sdk: args.sdk, exchanges: [], steps: [] };
let next = 0;

async function alternatingFetch(input, init = {}) {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const target = urls[next++ % urls.length];
    url.host = target.host;
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('authorization', `Bearer ${args.token}`);
    const method = init.method ?? (input instanceof Request ? input.method : 'GET');
    let rpc;
    if (typeof init.body === 'string') {
        try {
            const message = JSON.parse(init.body);
            rpc = message.method ?? (message.result ? 'response' : undefined);
        } catch { /* not JSON */ }
    }
    const response = await fetch(url, { ...init, headers });
    report.exchanges.push({ atMillis: Date.now() - started, node: url.port, method, rpc, status: response.status });
    return response;
}

async function loadSdk(which) {
    if (which === 'v1') {
        const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
        const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
        return { Client, StreamableHTTPClientTransport, clientOptions: {} };
    }
    const m = await import('@modelcontextprotocol/client');
    return { Client: m.Client, StreamableHTTPClientTransport: m.StreamableHTTPClientTransport,
        clientOptions: { versionNegotiation: { mode: { pin: '2026-07-28' } } } };
}

function step(name, details = {}) {
    report.steps.push({ step: name, atMillis: Date.now() - started, ...details });
}

try {
    const sdk = await loadSdk(args.sdk);
    const transport = new sdk.StreamableHTTPClientTransport(urls[0], { fetch: alternatingFetch });
    const client = new sdk.Client({ name: `jakarta-mcp-server-cluster-${args.sdk}`, version: '1.0.0' }, sdk.clientOptions);
    await client.connect(transport);
    step('connected', { protocolVersion: client.getNegotiatedProtocolVersion?.() ?? transport.protocolVersion, sessionId: transport.sessionId ?? null });
    for (let i = 0; i < 3; i++) {
        const tools = await client.listTools();
        step('tools/list', { tools: tools.tools.map((t) => t.name).filter((n) => n === 'get_channels' || n === 'slow_steps') });
        const result = await client.callTool({ name: 'get_channels', arguments: { location: 'Tokyo' } });
        step('tools/call', { tool: 'get_channels', isError: !!result.isError, text: (result.content ?? []).map((c) => c.text).join(',') });
    }
    const progress = [];
    const slow = await client.callTool({ name: 'slow_steps', arguments: { steps: 3, delay: 100 } }, undefined,
        { onprogress: (p) => progress.push(p.progress) });
    step('tools/call', { tool: 'slow_steps', isError: !!slow.isError, text: (slow.content ?? []).map((c) => c.text).join(','), progress });
    await client.close();
    report.ok = true;
} catch (e) {
    report.ok = false;
    report.error = `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`;
}
report.nodes = [...new Set(report.exchanges.map((e) => e.node))];
report.millis = Date.now() - started;
process.stdout.write(JSON.stringify(report) + '\n');
process.exit(0);
