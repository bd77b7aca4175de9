// Sonae's service worker. It keeps one page for when Sonae cannot be reached (the hospital's network is down, the
// mobile network is up): the phone binder, /binder/offline, of the security officer or manager signed in on this
// phone, with the small script that says its age. Nothing else is ever stored: no other page, no API answer.
// - Network first: whenever Sonae answers, the page comes from it and the copy is replaced.
// - The copy is served only when Sonae does not answer (no network, or a server error), marked data-copy="kept" so
//   that the page says how old it is (js/binder-age.js).
// - Only a page that names its keeper (the X-Sonae-Keeper header, sent only to those who may keep the binder) is
//   kept, in a cache named after that keeper; any other keeper's copy (another person, another hospital) is dropped.
// - As soon as Sonae refuses the page (signed out, the role taken away), the copy is dropped; the pages of anyone who
//   may not keep it drop it too (js/keep-binder.js), so signing out clears the phone.
"use strict";

const BINDER = "/binder/offline";
const AGE_SCRIPT = "/js/binder-age.js";
const PREFIX = "sonae-binder-";
const KEEPER_HEADER = "X-Sonae-Keeper";
// A page view asks for a fresh copy; one younger than this is fresh enough (the binder changes with the people record).
const REFRESH_AFTER_MS = 10 * 60 * 1000;

self.addEventListener("install", event => {
    self.skipWaiting();
    event.waitUntil(refresh(null));
});

self.addEventListener("activate", event => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", event => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin) {
        return;
    }
    if (url.pathname === BINDER) {
        event.respondWith(binder(event));
    } else if (url.pathname === AGE_SCRIPT) {
        event.respondWith(ageScript(request));
    }
});

self.addEventListener("message", event => {
    const data = event.data || {};
    if (data.type === "refresh") {
        event.waitUntil(refresh(typeof data.keeper === "string" ? data.keeper : null));
    }
});

/** The binder page: Sonae's answer when there is one (kept when it may be, without holding the page back), else the kept copy. */
async function binder(event) {
    let response;
    try {
        response = await fetch(event.request);
    } catch {
        return (await kept()) || Response.error();
    }
    if (keeperOf(response)) {
        event.waitUntil(keep(response.clone()));
        return response;
    }
    if (refused(response)) {
        await forget(null);
        return response;
    }
    if (response.status >= 500) {
        return (await kept()) || response;
    }
    return response;
}

/** The age script: from Sonae when it answers, else the copy kept with the binder (and only while there is one). */
async function ageScript(request) {
    try {
        return await fetch(request);
    } catch {
        for (const name of await binderCaches()) {
            const copy = await caches.match(AGE_SCRIPT, { cacheName: name });
            if (copy) {
                return copy;
            }
        }
        return Response.error();
    }
}

/** Refreshes the copy unless it is fresh; with a keeper, first drops every copy that is not theirs. */
async function refresh(keeper) {
    if (keeper) {
        if (!/^[0-9a-f]{32}$/.test(keeper)) {
            return;
        }
        await forget(PREFIX + keeper);
        const current = await caches.match(BINDER, { cacheName: PREFIX + keeper });
        const made = current ? Date.parse(current.headers.get("Date") || "") : NaN;
        if (Date.now() - made < REFRESH_AFTER_MS) {
            return;
        }
    }
    let response;
    try {
        response = await fetch(BINDER, { redirect: "manual", cache: "no-store", credentials: "same-origin" });
    } catch {
        return; // No network: the copy stays as it is.
    }
    if (!(await keep(response)) && refused(response)) {
        await forget(null);
    }
}

/** Whose copy the page is, when Sonae sent it to someone who may keep it; else null. */
function keeperOf(response) {
    const keeper = response.status === 200 ? response.headers.get(KEEPER_HEADER) : null;
    return keeper && /^[0-9a-f]{32}$/.test(keeper) ? keeper : null;
}

/** Keeps the page when Sonae sent it to a keeper; says whether it did. */
async function keep(response) {
    const keeper = keeperOf(response);
    if (!keeper) {
        return false;
    }
    const name = PREFIX + keeper;
    await forget(name);
    const cache = await caches.open(name);
    await cache.put(BINDER, response);
    try {
        const script = await fetch(AGE_SCRIPT, { cache: "no-cache" });
        if (script.ok) {
            await cache.put(AGE_SCRIPT, script);
        }
    } catch {
        // The page still reads without its age line.
    }
    return true;
}

/** Whether Sonae refused the page to whoever asked: then nothing of it may stay on the phone. */
function refused(response) {
    return response.type === "opaqueredirect" || response.redirected || response.status === 401 || response.status === 403;
}

/** The kept copy, marked as kept (the page then says its age), or null. */
async function kept() {
    for (const name of await binderCaches()) {
        const copy = await caches.match(BINDER, { cacheName: name });
        if (copy) {
            const html = (await copy.text()).replace('data-copy="live"', 'data-copy="kept"');
            const headers = new Headers(copy.headers);
            headers.delete("Content-Length");
            return new Response(html, { status: 200, statusText: "OK", headers });
        }
    }
    return null;
}

/** Drops every binder copy but the one named (null: all of them). */
async function forget(except) {
    for (const name of await binderCaches()) {
        if (name !== except) {
            await caches.delete(name);
        }
    }
}

async function binderCaches() {
    return (await caches.keys()).filter(name => name.startsWith(PREFIX));
}
