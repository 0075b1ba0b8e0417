// Behaviour shared by every page, kept out of the HTML so the Content-Security-Policy can
// refuse inline scripts: buttons marked data-action="print" print the page.
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-action='print']") : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});

// Signed out (no user menu): forget the blangko pages the service worker kept on this device.
if (!document.querySelector("[data-testid='user-menu']") && window.caches) {
  caches.keys().then((keys) => keys.filter((k) => k.startsWith("monev-blangko-")).forEach((k) => caches.delete(k)));
}
