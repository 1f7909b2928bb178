#!/usr/bin/env node
// A stand-in for a person at a browser: follows an authorization URL, fills in the authorization server's login
// form and follows the redirects until they reach the client's loopback redirect URI.
//
// As a module: login(authorizationUrl, {username, password}) resolves to the redirect URI the authorization server
// sent the user agent to (with code, state and iss), without requesting it.
// As a program (the BROWSER that a client such as MCP Inspector opens): node headless-login.mjs <url> logs in with
// MCP_E2E_USERNAME / MCP_E2E_PASSWORD and then requests the redirect URI, so that the client's callback listener
// receives the authorization response. MCP_E2E_BROWSER_LOG names a file to append a trace to.
//
// Written for Keycloak's login page (form id kc-form-login, fields username and password); cookies are kept per
// run and sent regardless of their Secure flag, as browsers do for loopback origins.
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const MAX_STEPS = 20;

export async function login(authorizationUrl, { username, password, log = () => {} }) {
    const jar = new Map();
    const isLoopbackRedirect = (url) => {
        const u = new URL(url);
        return u.searchParams.has('code') || u.searchParams.has('error');
    };
    let url = String(authorizationUrl);
    let method = 'GET';
    let body;
    let submitted = false;
    for (let step = 0; step < MAX_STEPS; step++) {
        if (method === 'GET' && isLoopbackRedirect(url) && !url.startsWith(new URL(authorizationUrl).origin)) {
            log(`redirect to the client: ${redact(url)}`);
            return url;
        }
        const headers = { cookie: cookieHeader(jar, url), accept: 'text/html' };
        if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
        log(`${method} ${redact(url)}`);
        const response = await fetch(url, { method, headers, body, redirect: 'manual' });
        storeCookies(jar, url, response.headers.getSetCookie?.() ?? []);
        if (response.status >= 300 && response.status < 400) {
            url = new URL(response.headers.get('location'), url).href;
            method = 'GET';
            body = undefined;
            continue;
        }
        const html = await response.text();
        if (response.status !== 200) {
            throw new Error(`${method} ${url} answered ${response.status}: ${text(html).slice(0, 300)}`);
        }
        const form = findLoginForm(html);
        if (!form) {
            throw new Error(`no login form and no redirect at ${url}: ${text(html).slice(0, 300)}`);
        }
        if (submitted) {
            const error = html.match(/id="input-error[^"]*"[^>]*>([\s\S]*?)<\/span>/);
            throw new Error(`the login form came back after submitting it (${error ? text(error[1]) : 'no message'})`);
        }
        const fields = new URLSearchParams(form.hidden);
        fields.set('username', username);
        fields.set('password', password);
        url = new URL(form.action, url).href;
        method = 'POST';
        body = fields.toString();
        submitted = true;
    }
    throw new Error(`more than ${MAX_STEPS} steps without reaching the redirect URI`);
}

function findLoginForm(html) {
    const match = html.match(/<form[^>]*id="kc-form-login"[^>]*>([\s\S]*?)<\/form>/)
        ?? html.match(/<form[^>]*>((?:(?!<\/form>)[\s\S])*name="password"[\s\S]*?)<\/form>/);
    if (!match) return null;
    const action = decode(match[0].match(/action="([^"]*)"/)?.[1] ?? '');
    const hidden = [];
    for (const input of match[1].matchAll(/<input[^>]*>/g)) {
        const tag = input[0];
        if (!/type="hidden"/.test(tag)) continue;
        const name = tag.match(/name="([^"]*)"/)?.[1];
        if (name) hidden.push([decode(name), decode(tag.match(/value="([^"]*)"/)?.[1] ?? '')]);
    }
    return { action, hidden };
}

function storeCookies(jar, url, setCookies) {
    const host = new URL(url).host;
    const cookies = jar.get(host) ?? new Map();
    for (const header of setCookies) {
        const [pair, ...attributes] = header.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))
            || attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now());
        if (expired || value === '') cookies.delete(name); else cookies.set(name, value);
    }
    jar.set(host, cookies);
}

function cookieHeader(jar, url) {
    const cookies = jar.get(new URL(url).host);
    return cookies ? [...cookies].map(([n, v]) => `${n}=${v}`).join('; ') : '';
}

function decode(s) {
    return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
        .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)));
}

function text(html) {
    return decode(html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function redact(url) {
    return url.replace(/([?&](?:code|session_code|client_data)=)[^&]+/g, '$1…');
}

// As the BROWSER program
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    const logFile = process.env.MCP_E2E_BROWSER_LOG;
    const log = (line) => {
        const entry = `${new Date().toISOString()} headless-login: ${line}\n`;
        if (logFile) appendFileSync(logFile, entry); else process.stderr.write(entry);
    };
    try {
        const url = process.argv[2];
        if (!url) throw new Error('usage: headless-login.mjs <authorization URL>');
        const username = process.env.MCP_E2E_USERNAME;
        const password = process.env.MCP_E2E_PASSWORD;
        if (!username || !password) throw new Error('MCP_E2E_USERNAME and MCP_E2E_PASSWORD must be set');
        const callback = await login(url, { username, password, log });
        const response = await fetch(callback);
        log(`callback answered ${response.status}`);
        process.exit(response.ok ? 0 : 1);
    } catch (e) {
        log(`failed: ${e.message}`);
        process.exit(1);
    }
}
