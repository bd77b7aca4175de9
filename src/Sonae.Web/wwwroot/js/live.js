// The live alerts of every page: the header badge (how many reports wait for the security officer), the page's
// title, and what is new — announced to screen readers, and with a sound or the browser's notification where the
// person turned them on. The home page's parts marked data-live-refresh are read again when something changed, so a
// new report or a decision appears without a reload. Without this script every page still shows the badge as of its load.
(() => {
    const badge = () => document.getElementById("alert-badge");
    if (!badge() || typeof EventSource === "undefined") {
        return;
    }
    const baseTitle = () => document.title.replace(/^\((?:!)?\d+\) /, "");
    const soundKey = "sonae.alert-sound";
    let seen = JSON.parse(badge().dataset.seen || "{}");
    let version = badge().dataset.version;
    let counts = null;
    let audio = null;

    const format = (template, ...values) => template.replace(/\{(\d+)\}/g, (_, i) => String(values[Number(i)]));

    function beep() {
        if (localStorage.getItem(soundKey) !== "on") {
            return;
        }
        try {
            audio = audio || new AudioContext();
            const tone = audio.createOscillator();
            const volume = audio.createGain();
            tone.frequency.value = 880;
            volume.gain.setValueAtTime(0.2, audio.currentTime);
            volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
            tone.connect(volume).connect(audio.destination);
            tone.start();
            tone.stop(audio.currentTime + 0.6);
        } catch {
            // No sound where the browser allows none; the badge and the title still say it.
        }
    }

    function announce(texts, first) {
        if (texts.length === 0) {
            return;
        }
        const status = document.getElementById("alert-announce");
        if (status) {
            status.textContent = texts.join(" / ");
        }
        beep();
        try {
            if ("Notification" in window && Notification.permission === "granted") {
                new Notification("Sonae", { body: texts.join("\n"), tag: "sonae-" + first.number })
                    .onclick = () => { window.focus(); location.href = first.url; };
            }
        } catch {
            // A browser that shows notifications only from a service worker (Chrome on Android): the badge, the title
            // and the announcement still say it.
        }
    }

    function show(alerts) {
        const element = badge();
        if (!element) {
            return;
        }
        element.hidden = alerts.unconfirmed === 0;
        element.classList.toggle("overdue", alerts.overdue > 0);
        element.querySelector(".alert-text").textContent = alerts.badge;
        const count = alerts.unconfirmed;
        document.title = (count > 0 ? `(${alerts.overdue > 0 ? "!" : ""}${count}) ` : "") + baseTitle();

        const news = [];
        let first = null;
        for (const incident of alerts.incidents) {
            const before = seen[incident.number];
            if (before === undefined || incident.reports > before) {
                news.push(format(before === undefined ? element.dataset.newIncident : element.dataset.newReport, incident.number, incident.title));
                first = first || incident;
            }
        }
        seen = Object.fromEntries(alerts.incidents.map(i => [String(i.number), i.reports]));
        announce(news, first);
        return news.length > 0;
    }

    // One read of the page at a time, the newest winning: a burst of changes costs one read, never an older page
    // replacing a newer one.
    let reading = null;
    let again = false;

    async function refresh() {
        if (document.querySelectorAll("[data-live-refresh]").length === 0) {
            return;
        }
        if (reading) {
            again = true;
            return;
        }
        reading = (async () => {
            try {
                const response = await fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
                if (!response.ok) {
                    return;
                }
                const page = new DOMParser().parseFromString(await response.text(), "text/html");
                const fresh = page.querySelectorAll("[data-live-refresh]");
                const regions = document.querySelectorAll("[data-live-refresh]");
                if (fresh.length === regions.length) {
                    regions.forEach((region, i) => region.replaceWith(document.importNode(fresh[i], true)));
                }
            } catch {
                // The next change tries again; the page as it is stays.
            }
        })();
        await reading;
        reading = null;
        if (again) {
            again = false;
            refresh();
        }
    }

    function controls() {
        const group = document.querySelector(".alert-controls");
        if (!group) {
            return;
        }
        group.hidden = false;
        const sound = group.querySelector("[data-alert-sound]");
        sound.setAttribute("aria-pressed", String(localStorage.getItem(soundKey) === "on"));
        const notify = group.querySelector("[data-alert-notify]");
        notify.hidden = !("Notification" in window) || Notification.permission !== "default";
    }

    document.addEventListener("click", event => {
        // A browser lets a page play sound only after the person did something on it.
        audio?.resume?.();
        if (!(event.target instanceof Element)) {
            return;
        }
        if (event.target.closest("[data-alert-sound]")) {
            const on = localStorage.getItem(soundKey) !== "on";
            localStorage.setItem(soundKey, on ? "on" : "off");
            controls();
            if (on) {
                beep();
            }
        } else if (event.target.closest("[data-alert-notify]") && "Notification" in window) {
            Notification.requestPermission().then(controls);
        }
    });

    controls();
    // From a workspace page, Blazor swaps the next page in place (enhanced navigation): show the new header's controls.
    window.Blazor?.addEventListener?.("enhancedload", controls);

    const stream = new EventSource(badge().dataset.live);
    stream.addEventListener("alerts", message => {
        const alerts = JSON.parse(message.data);
        const news = show(alerts);
        const nowCounts = `${alerts.unconfirmed}/${alerts.overdue}`;
        // The home page's lists follow what changed: a new report, any change to an incident, a report past its limit.
        if (news || String(alerts.version) !== String(version) || (counts !== null && counts !== nowCounts)) {
            refresh();
        }
        version = alerts.version;
        counts = nowCounts;
    });
})();
