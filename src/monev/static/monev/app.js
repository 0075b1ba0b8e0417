// Behaviour shared by every page, kept out of the HTML so the Content-Security-Policy can
// refuse inline scripts: buttons marked data-action="print" print the page.
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-action='print']") : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});
