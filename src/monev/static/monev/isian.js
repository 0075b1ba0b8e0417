// Format isian (SOP step 2): nothing the user chose or typed is lost (decision 0013).
//  - An evidence file chosen in an indicator card is uploaded at once (the form's
//    data-evidence-url), so a save refused for one bad number cannot drop it; it also stays
//    chosen, and a save (even a refused one) attaches it again, stored once by its SHA-256.
//  - The fields changed since the page was shown are named in a notice; leaving the page, or
//    posting another form of the page (evidence, workbook), asks first and names them.
//    "Simpan draf" and "Ajukan" post the form itself: they save what is typed.
(function () {
  "use strict";
  var form = document.querySelector('form[data-testid="isian-form"]');
  if (!form) return;
  var notice = form.querySelector('[data-testid="unsaved"]');
  var saving = false;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit" &&
        el.name !== "csrfmiddlewaretoken";
    });
  }
  function valueOf(el) {
    return el.type === "checkbox" ? String(el.checked) : el.value;
  }
  function labelOf(el) {
    var text = el.getAttribute("aria-label");
    if (!text && el.id) {
      var label = form.querySelector('label[for="' + el.id + '"]');
      if (label) text = label.textContent;
    }
    text = (text || el.name).replace(/\s+/g, " ").trim();
    var card = el.closest("[data-indicator]");
    if (card && text.indexOf(card.getAttribute("data-indicator")) < 0) {
      text += " " + card.getAttribute("data-indicator");
    }
    return text;
  }

  var initial = {};
  fields().forEach(function (el) { initial[el.name] = valueOf(el); });
  // A refused save shows the typed values again: all of them are unsaved.
  var refused = form.getAttribute("data-unsaved") === "1";

  function changed() {
    var names = [];
    fields().forEach(function (el) {
      if (valueOf(el) !== initial[el.name]) names.push(labelOf(el));
    });
    return names;
  }
  function describe(names) {
    if (names.length) {
      return (form.getAttribute("data-unsaved-label") || "Belum disimpan:") + " " +
        names.join(", ") + ".";
    }
    return refused ? (form.getAttribute("data-refused-label") || "Isian di layar belum disimpan.") : "";
  }
  function update() {
    if (!notice) return;
    var text = describe(changed());
    notice.textContent = text;
    notice.hidden = !text;
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();

  form.addEventListener("submit", function () { saving = true; });
  window.addEventListener("beforeunload", function (event) {
    if (saving || !describe(changed())) return;
    event.preventDefault();
    event.returnValue = describe(changed());
    return event.returnValue;
  });
  // Another form of the page (evidence, workbook, review) would leave the typed values behind.
  document.addEventListener("submit", function (event) {
    var other = event.target;
    if (other === form || !(other instanceof HTMLFormElement)) return;
    var text = describe(changed());
    if (!text) return;
    var ask = (form.getAttribute("data-leave-question") ||
      "Lanjutkan tanpa menyimpan? Pilih Batal, lalu Simpan draf.");
    if (!window.confirm(text + "\n\n" + ask)) {
      event.preventDefault();
    } else {
      saving = true;
    }
  }, true);

  // Evidence: upload as soon as it is chosen.
  var url = form.getAttribute("data-evidence-url");
  var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (!url || !input || input.type !== "file" || !/^e_\d+$/.test(input.name)) return;
    if (!input.files || !input.files.length) return;
    var status = input.parentNode.querySelector('[data-testid="evidence-status"]');
    if (!status) {
      status = document.createElement("div");
      status.setAttribute("data-testid", "evidence-status");
      status.setAttribute("role", "status");
      status.className = "small mt-1";
      input.parentNode.appendChild(status);
    }
    status.className = "small mt-1 text-muted";
    status.textContent = form.getAttribute("data-uploading-label") || "Mengunggah…";
    var data = new FormData();
    data.append("indicator", input.name.slice(2));
    data.append("file", input.files[0]);
    if (token) data.append("csrfmiddlewaretoken", token.value);
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": token ? token.value : "" },
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false }; });
    }).then(function (answer) {
      if (answer.ok) {
        // Stored. The file stays chosen: a save sends it again and it is kept once (the
        // server matches its SHA-256), so the page never depends on the upload's timing.
        status.className = "small mt-1 text-success";
        status.textContent = "";
        var link = document.createElement("a");
        link.href = answer.url;
        link.textContent = answer.name;
        status.appendChild(document.createTextNode("\u2713 "));
        status.appendChild(link);
        status.appendChild(document.createTextNode(" — " + answer.message));
      } else {
        status.className = "small mt-1 text-danger";
        status.textContent = answer.message ||
          (form.getAttribute("data-upload-failed-label") ||
            "Unggahan gagal; berkas tetap dipilih dan ikut tersimpan saat Simpan draf.");
      }
    }).catch(function () {
      status.className = "small mt-1 text-danger";
      status.textContent = form.getAttribute("data-upload-failed-label") ||
        "Unggahan gagal; berkas tetap dipilih dan ikut tersimpan saat Simpan draf.";
    });
  });
})();
