// The monev plan form (step 4), kept out of the HTML for the Content-Security-Policy.
// Without this file the page still works: the Bidang is chosen with its «Lanjut» button and
// the lists of checkboxes are shown whole.

// The Bidang picker goes on as soon as a Bidang is chosen.
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => {
    if (select.value) select.form.submit();
  });
  select.dataset.autosubmitReady = "1"; // listening (a browser test waits for it)
});

// A search box over each list of checkboxes: every word typed must appear in the label.
// Hidden items keep their ticks (they are still sent).
document.querySelectorAll("input[data-filter-for]").forEach((input) => {
  const list = document.getElementById(input.dataset.filterFor);
  if (!list) return;
  const box = input.closest("[data-filter-box]");
  if (box) box.hidden = false;
  const items = Array.from(list.querySelectorAll(".filter-item"));
  const empty = list.querySelector("[data-filter-empty]");
  const count = document.querySelector(`[data-filter-count="${input.dataset.filterFor}"]`);
  const total = count ? count.textContent : "";
  const filter = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    items.forEach((item) => {
      const text = item.textContent.toLowerCase();
      const match = words.every((word) => text.includes(word));
      item.hidden = !match;
      if (match) shown += 1;
    });
    if (empty) empty.hidden = shown > 0;
    if (count) count.textContent = words.length ? `${shown} / ${items.length}` : total;
  };
  input.addEventListener("input", filter);
  // Enter in the search box filters; it does not send the form.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
});
