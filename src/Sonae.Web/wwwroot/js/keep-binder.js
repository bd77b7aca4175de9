// Keeps the phone binder on the phones of those who may keep it (the security officer, management): on their pages
// this script's tag names the keeper (data-keeper), and it registers the service worker (/sw.js) and asks it to
// refresh the copy. On anyone else's pages (signed out, staff, a vendor, a reporting terminal) it drops any copy and
// the service worker: signing out clears the phone. On the home page it also offers the browser's install prompt
// ("add to home screen") where the browser has one, and says when this connection cannot keep anything (plain HTTP).
(() => {
    const keeper = document.currentScript ? document.currentScript.dataset.keeper : undefined;
    const supported = "serviceWorker" in navigator && window.isSecureContext;

    document.querySelectorAll("[data-keep-insecure]").forEach(note => {
        note.hidden = supported;
    });
    if (!supported) {
        return;
    }

    if (keeper) {
        navigator.serviceWorker.register("/sw.js")
            .then(() => navigator.serviceWorker.ready)
            .then(registration => {
                if (registration.active) {
                    registration.active.postMessage({ type: "refresh", keeper });
                }
            })
            .catch(() => {
                // No worker (a private window, storage refused): the binder still opens while Sonae answers.
            });
    } else {
        if (window.caches) {
            caches.keys().then(names => Promise.all(names.filter(name => name.startsWith("sonae-binder-")).map(name => caches.delete(name))));
        }
        navigator.serviceWorker.getRegistrations().then(registrations => registrations.forEach(registration => registration.unregister()));
        return;
    }

    const install = document.querySelector("[data-install]");
    if (!install) {
        return;
    }
    let prompt = null;
    window.addEventListener("beforeinstallprompt", event => {
        event.preventDefault();
        prompt = event;
        install.hidden = false;
    });
    install.addEventListener("click", () => {
        if (prompt) {
            prompt.prompt();
            prompt = null;
            install.hidden = true;
        }
    });
})();
