// Passkeys: the browser's prompt for the forms marked data-passkey ("signin" or "register"). The server's options
// come from data-options; the browser's answer goes back in the form's "credential" field. No inline script, so the
// pages keep a strict CSP.
if (!window.sonaePasskeys) {
    window.sonaePasskeys = true;
    document.addEventListener("submit", async event => {
        const form = event.target;
        if (!(form instanceof HTMLFormElement) || !form.dataset.passkey) {
            return;
        }
        event.preventDefault();
        const status = form.querySelector("[data-passkey-status]");
        try {
            if (!window.PublicKeyCredential || !PublicKeyCredential.parseRequestOptionsFromJSON) {
                throw new Error("unsupported");
            }
            const token = form.querySelector("input[name=__RequestVerificationToken]").value;
            const response = await fetch(form.dataset.options, { method: "POST", headers: { "RequestVerificationToken": token }, credentials: "same-origin" });
            if (!response.ok) {
                throw new Error("options " + response.status);
            }
            const options = await response.json();
            const credential = form.dataset.passkey === "register"
                ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
                : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
            form.querySelector("input[name=credential]").value = JSON.stringify(credential);
            form.submit();
        } catch (error) {
            if (status) {
                status.textContent = form.dataset.failed;
            }
        }
    });
}
