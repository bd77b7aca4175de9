// The age of the phone binder (Documents/PhoneBinder.razor). When the service worker served the copy this phone kept
// (data-copy="kept"), or the page has stayed open for an hour, it says how old it is from the stamp the server wrote
// into it: 「この控えは 3 時間前のものです」. Kept with the binder by the service worker, so it works offline.
(() => {
    const stamp = document.getElementById("made-at");
    const line = document.getElementById("binder-age");
    if (!stamp || !line) {
        return;
    }
    const made = Date.parse(stamp.dataset.madeAt || "");
    if (Number.isNaN(made)) {
        return;
    }
    const kept = document.documentElement.dataset.copy === "kept";
    // "1 hour", "2 hours": the singular text for one (Japanese has the same text for both).
    const format = (one, many, value) => ((value === 1 ? one : many) || "").replace("{0}", String(value));

    function show() {
        const minutes = Math.max(0, Math.floor((Date.now() - made) / 60000));
        if (!kept && minutes < 60) {
            line.hidden = true;
            return;
        }
        const age = minutes < 60 ? format(stamp.dataset.ageMinute, stamp.dataset.ageMinutes, minutes)
            : minutes < 48 * 60 ? format(stamp.dataset.ageHour, stamp.dataset.ageHours, Math.floor(minutes / 60))
            : format(null, stamp.dataset.ageDays, Math.floor(minutes / (24 * 60)));  // two days or more: always plural
        // The age first and alone on its line, then (for the kept copy) why this copy is shown.
        const parts = [Object.assign(document.createElement("strong"), { textContent: age })];
        if (kept && stamp.dataset.keptNote) {
            parts.push(document.createElement("br"), Object.assign(document.createElement("span"), { textContent: stamp.dataset.keptNote }));
        }
        line.replaceChildren(...parts);
        line.hidden = false;
    }

    show();
    setInterval(show, 60 * 1000);
})();
