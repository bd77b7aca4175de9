// The print button of the printable documents (binder, poster): no inline handlers, so the pages keep a strict CSP.
document.addEventListener("click", event => {
    if (event.target instanceof Element && event.target.closest("[data-print]")) {
        window.print();
    }
});
