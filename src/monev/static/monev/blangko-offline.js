// The blangko monev keeps working when the phone loses its connection (SOP step 5).
//
// Online the page saves each field with htmx as before. Offline (the browser says so, or a
// save failed to reach the server) each edit is kept in this browser's localStorage, in a
// queue shown in a banner ("3 perubahan menunggu dikirim"); new findings and recommendations
// get an id made here (a UUID), so sending one twice stores it once. When the connection is
// back the queue is sent in order, one change per request, to the visit's sync URL
// (monitoring/sync.py). A change the server refuses (blangko already submitted, a bad value)
// stays in the queue, shown with the server's message, until the user fixes or discards it.
// No inline script: the Content-Security-Policy refuses them; texts come from data-msg-*.
(() => {
  "use strict";
  const root = document.getElementById("blangko-sync");
  if (!root || !window.localStorage) return;

  const syncUrl = root.dataset.syncUrl;
  const storeKey = `monev-blangko-${root.dataset.visit}-${root.dataset.user}`;
  const banner = root.querySelector("[data-role='banner']");
  const refusedBox = root.querySelector("[data-role='refused']");
  let online = navigator.onLine;
  let sendingId = null; // the change being sent now (never merged into)
  let flushing = false;
  let lastNote = "";
  let syncedCount = 0;
  let hideTimer = 0;

  const msg = (name, n) => (root.dataset[`msg${name}`] || "").replace("%(n)s", String(n ?? ""));
  const now = () => new Date().toISOString();
  const uuid = () => {
    const b = crypto.getRandomValues(new Uint8Array(16)); // works on plain http too
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const csrf = () => {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch {
      return "";
    }
  };

  // --- the queue (localStorage) --------------------------------------------------------------
  const load = () => {
    try {
      const q = JSON.parse(localStorage.getItem(storeKey) || "[]");
      return Array.isArray(q) ? q : [];
    } catch {
      return [];
    }
  };
  const store = (q) => {
    if (q.length) localStorage.setItem(storeKey, JSON.stringify(q));
    else localStorage.removeItem(storeKey);
  };
  const pending = () => load().filter((e) => e.state !== "refused");

  // --- what an edit is -----------------------------------------------------------------------
  const syncForm = (el) => (el instanceof Element ? el.closest("form[data-sync]") : null);
  const fieldName = (form, name) => (form.dataset.sync === "answers" ? name.replace(/^a-/, "") : name);
  const valueOf = (form, name) => {
    const els = [...form.elements].filter((e) => e.name === name);
    if (els.length && els[0].type === "radio") return (els.find((e) => e.checked) || {}).value || "";
    return els.length ? els[0].value : "";
  };
  // What the user calls a field: its label on the page (an answer: its checklist item).
  const labelOf = (form, name) => {
    const el = [...form.elements].find((e) => e.name === name);
    const box = el && el.closest("[data-key]");
    const label = box ? box.querySelector("label") : el && el.id && form.querySelector(`label[for='${el.id}']`);
    return (label ? label.textContent : name).replace("*", "").trim();
  };

  // Keep edits of one form (one indicator, the checklist, the summary) in one waiting change,
  // each field with the moment it was typed: the server keeps, per field, the later write.
  const queueEdit = (form, edits) => {
    const names = Object.keys(edits);
    if (!names.length) return;
    const q = load();
    const kind = form.dataset.sync;
    const line = form.dataset.line || null;
    let entry = q.find((e) => e.kind === kind && e.line === line && e.id !== sendingId);
    if (!entry) {
      entry = { id: uuid(), kind, line, fields: {}, at: {}, names: {}, label: form.dataset.label || "" };
      q.push(entry);
    }
    for (const name of names) {
      const key = fieldName(form, name);
      entry.fields[key] = edits[name].value;
      entry.at[key] = edits[name].at;
      entry.names[key] = labelOf(form, name);
    }
    entry.state = "pending";
    delete entry.error;
    store(q);
    markForm(form, "local");
    render();
  };

  const lastValue = new WeakMap(); // form → {name: value} as last seen, to skip non-edits
  const remember = () =>
    document.querySelectorAll("form[data-sync]").forEach((form) => {
      const seen = {};
      for (const el of form.elements) if (el.name) seen[el.name] = valueOf(form, el.name);
      lastValue.set(form, seen);
    });
  const dirty = new WeakMap(); // form → {name: {value, at}} typed since the last save started
  const inflight = new WeakMap(); // form → the edits of the htmx save under way
  const noteEdit = (event) => {
    const el = event.target;
    const form = syncForm(el);
    if (!form || !el.name || el.name === "csrfmiddlewaretoken" || form.dataset.syncNew !== undefined) return;
    const value = valueOf(form, el.name);
    const seen = lastValue.get(form) || {};
    if (seen[el.name] === value) return; // e.g. the "change" after the "input" of one edit
    seen[el.name] = value;
    lastValue.set(form, seen);
    const edits = dirty.get(form) || {};
    edits[el.name] = { value, at: now() };
    dirty.set(form, edits);
    if (!online) {
      queueEdit(form, edits);
      dirty.delete(form);
    }
  };
  // capture phase: seen before htmx's own listener on the form starts a save
  document.addEventListener("input", noteEdit, true);
  document.addEventListener("change", noteEdit, true);

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const form = syncForm(event.detail.elt);
    if (!form) return;
    if (!online) {
      event.preventDefault();
      if (dirty.has(form)) queueEdit(form, dirty.get(form));
      dirty.delete(form);
      return;
    }
    inflight.set(form, dirty.get(form) || {});
    dirty.delete(form);
  });
  document.body.addEventListener("htmx:sendError", (event) => {
    const form = syncForm(event.detail.elt);
    goOffline();
    if (form && inflight.has(form)) queueEdit(form, inflight.get(form));
    if (form) inflight.delete(form);
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const form = syncForm(event.detail.elt);
    if (form && event.detail.successful) inflight.delete(form);
  });

  // --- new findings and recommendations ------------------------------------------------------
  const freshId = (form) => {
    const input = form.querySelector("input[name='client_id']");
    if (input) input.value = uuid();
  };
  document.querySelectorAll("form[data-sync-new]").forEach(freshId);

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.closest("main")) return;
    if (form.dataset.syncNew !== undefined) {
      if (online) return; // a plain post, carrying the id: a double tap stores it once
      event.preventDefault();
      if (!form.reportValidity()) return;
      const data = new FormData(form);
      const fields = {};
      for (const name of form.dataset.syncFields.split(" ")) fields[name] = String(data.get(name) || "");
      const q = load();
      q.push({
        id: uuid(),
        kind: form.dataset.sync,
        client_id: String(data.get("client_id")),
        fields,
        at: {},
        label: form.dataset.label,
        names: {},
        state: "pending",
      });
      store(q);
      form.reset();
      freshId(form);
      render();
      return;
    }
    if (!online) {
      event.preventDefault(); // delete, photo, submit: they need the server
      note(form.dataset.offlineNote ? msg(form.dataset.offlineNote) : msg("Network"));
    } else if (form.dataset.needsSync !== undefined && pending().length) {
      event.preventDefault();
      note(msg("First"));
      flush();
    }
  });

  // --- sending ---------------------------------------------------------------------------------
  const payload = (e) => ({
    kind: e.kind,
    line: e.line ? Number(e.line) : undefined,
    client_id: e.client_id,
    fields: e.fields,
    at: e.at,
    sent: now(),
  });

  async function flush() {
    if (flushing || !online) return;
    flushing = true;
    let sent = 0;
    try {
      for (;;) {
        const entry = load().find((e) => e.state !== "refused");
        if (!entry) break;
        sendingId = entry.id;
        render();
        let response;
        try {
          response = await fetch(syncUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify(payload(entry)),
          });
        } catch {
          goOffline();
          break;
        }
        let body = null;
        try {
          body = await response.json();
        } catch {
          body = null;
        }
        const q = load();
        const stored = q.find((e) => e.id === entry.id);
        if (response.ok && body) {
          // edits typed into this change while it was on its way stay for the next round
          const later = stored && JSON.stringify(stored.fields) !== JSON.stringify(entry.fields);
          if (stored && !later) q.splice(q.indexOf(stored), 1);
          else if (stored) Object.assign(stored, { fields: diff(stored, entry) });
          store(q);
          sent += 1;
          settled(entry);
          // a field already changed later on the server (by another member) kept its value
          if (body.skipped && body.skipped.length) lastNote = msg("Stale");
        } else if (body && body.error && [400, 403, 404, 409].includes(response.status)) {
          if (stored) Object.assign(stored, { state: "refused", error: body.error });
          store(q);
        } else {
          note(body && body.error ? body.error : msg("Failed", response.status));
          break; // kept; tried again later
        }
      }
    } finally {
      sendingId = null;
      flushing = false;
    }
    if (sent) {
      retryDelay = FIRST_RETRY;
      syncedCount += sent;
      if (lastNote !== msg("Stale")) lastNote = "";
    }
    render();
  }
  const diff = (stored, sent) =>
    Object.fromEntries(Object.entries(stored.fields).filter(([k, v]) => sent.fields[k] !== v));

  // A send that failed while the browser still says "online" (a weak signal, an answer lost
  // on the way): try again after a second, then less often (2 s, 4 s … a minute at most).
  const FIRST_RETRY = 1000;
  let retryDelay = FIRST_RETRY;
  let retryTimer = 0;
  const goOffline = () => {
    online = false;
    render();
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      if (!navigator.onLine) return; // the "online" event will send them
      online = true;
      retryDelay = Math.min(retryDelay * 2, 60000);
      flush();
    }, retryDelay);
  };
  window.addEventListener("online", () => {
    online = true;
    flush();
  });
  window.addEventListener("offline", goOffline);
  // changes left waiting (a server error, an expired session): try again now and then
  setInterval(() => {
    if (navigator.onLine && pending().length) {
      online = true;
      flush();
    }
  }, 30000);

  // --- what the page shows ---------------------------------------------------------------------
  const markForm = (form, state) => {
    const box = form.querySelector(".save-state");
    if (!box) return;
    box.querySelectorAll("[data-offline-state]").forEach((n) => n.remove());
    if (state === "local") {
      box.querySelectorAll(".text-success, .text-danger").forEach((n) => n.remove());
      const span = document.createElement("span");
      span.className = "text-warning-emphasis small";
      span.dataset.offlineState = "local";
      span.innerHTML = '<i class="bi bi-phone"></i> ';
      span.append(msg("Local"));
      box.append(span);
    } else if (state === "saved") {
      const span = document.createElement("span");
      span.className = "text-success small";
      span.dataset.offlineState = "saved";
      span.innerHTML = '<i class="bi bi-check2"></i> ';
      span.append(msg("SavedBadge"));
      box.append(span);
    }
  };
  const formsOf = (e) => [
    ...document.querySelectorAll(
      e.kind === "indicator" ? `form[data-sync='indicator'][data-line='${e.line}']` : `form[data-sync='${e.kind}']`,
    ),
  ];
  const owns = (form, e, key) =>
    [...form.elements].some((x) => x.name === (e.kind === "answers" ? `a-${key}` : key));
  const settled = (e) => {
    const forms = e.kind === "finding" || e.kind === "recommendation" ? [] : formsOf(e);
    for (const form of forms) if (Object.keys(e.fields).some((k) => owns(form, e, k))) markForm(form, "saved");
    document.querySelectorAll(`option[data-pending][value='${e.client_id}']`).forEach((o) => {
      o.dataset.synced = "true";
    });
    const item = document.querySelector(`[data-pending-id='${e.client_id}']`);
    if (item) {
      item.dataset.synced = "true";
      const badge = item.querySelector(".badge");
      badge.className = "badge text-bg-success";
      badge.textContent = msg("SavedBadge");
    }
  };

  // Edits still waiting are shown in their fields (the page may come from before them).
  const applyToForms = (q) => {
    for (const e of q) {
      if (e.kind === "finding" || e.kind === "recommendation") continue;
      for (const form of formsOf(e)) {
        if (!Object.keys(e.fields).some((k) => owns(form, e, k))) continue;
        for (const [key, value] of Object.entries(e.fields)) {
          const name = e.kind === "answers" ? `a-${key}` : key;
          for (const el of [...form.elements].filter((x) => x.name === name)) {
            if (el.type === "radio") el.checked = el.value === value;
            else el.value = value;
          }
        }
        markForm(form, "local");
      }
    }
  };

  const listItems = (q) => {
    for (const kind of ["finding", "recommendation"]) {
      const list = document.querySelector(`[data-sync-list='${kind}']`);
      if (!list) continue;
      const ids = new Set(q.filter((e) => e.kind === kind).map((e) => e.client_id));
      list.querySelectorAll("[data-pending-id]").forEach((li) => {
        if (!ids.has(li.dataset.pendingId) && li.dataset.synced !== "true") li.remove();
      });
      for (const e of q.filter((x) => x.kind === kind)) {
        let li = list.querySelector(`[data-pending-id='${e.client_id}']`);
        if (!li) {
          li = document.createElement("li");
          li.className = "list-group-item small";
          li.dataset.pendingId = e.client_id;
          li.dataset.testid = "pending-item";
          li.innerHTML = '<span class="badge text-bg-warning"></span> <span class="text"></span>';
          li.querySelector(".text").textContent = e.fields.text;
          list.append(li);
        }
        li.querySelector(".badge").textContent = e.state === "refused" ? msg("RefusedBadge") : msg("PendingBadge");
        li.querySelector(".badge").className = `badge ${e.state === "refused" ? "text-bg-danger" : "text-bg-warning"}`;
      }
      const empty = list.querySelector("[data-empty]");
      if (empty) empty.hidden = list.querySelectorAll("[data-pending-id]").length > 0;
    }
    // A finding written offline may be answered by a recommendation at once: it is offered in
    // the recommendation form by its id (the server stores the finding first, in queue order).
    const findings = q.filter((e) => e.kind === "finding" && e.state !== "refused");
    document.querySelectorAll("select[data-finding-select]").forEach((select) => {
      select.querySelectorAll("option[data-pending]").forEach((o) => {
        if (!findings.some((e) => e.client_id === o.value) && o.dataset.synced !== "true") o.remove();
      });
      for (const e of findings) {
        if ([...select.options].some((o) => o.value === e.client_id)) continue;
        const option = document.createElement("option");
        option.value = e.client_id;
        option.dataset.pending = "true";
        option.textContent = `(${msg("PendingBadge")}) ${String(e.fields.text || "").slice(0, 90)}`;
        select.append(option);
      }
    });
  };

  const note = (text) => {
    lastNote = text;
    render();
  };

  function render() {
    const q = load();
    const waiting = q.filter((e) => e.state !== "refused").length;
    const refused = q.filter((e) => e.state === "refused");
    listItems(q);
    let cls = "";
    const lines = [];
    if (!online) {
      cls = "alert-warning";
      lines.push(["wifi-off", [msg("Offline"), waiting ? msg("Waiting", waiting) : msg("Nothing")], "state"]);
      lines.push(["", msg("OfflineHelp"), "help"]);
    } else if (waiting) {
      cls = "alert-info";
      lines.push(["arrow-repeat", msg(sendingId ? "Sending" : "Waiting", waiting), "count"]);
    } else if (syncedCount) {
      cls = "alert-success";
      lines.push(["check2-circle", msg("Synced", syncedCount), "state"]);
    }
    if (lastNote) lines.push(["info-circle", lastNote, "note"]);
    banner.hidden = !lines.length;
    banner.className = `alert ${cls || "alert-info"} small py-2 mb-2`;
    banner.dataset.state = !online ? "offline" : waiting ? "sending" : syncedCount ? "synced" : "";
    banner.replaceChildren(
      ...lines.map(([icon, text, role]) => {
        const div = document.createElement("div");
        if (role) div.dataset.role = role;
        if (icon) div.innerHTML = `<i class="bi bi-${icon}"></i> `;
        else div.className = "text-body-secondary";
        if (Array.isArray(text)) {
          const strong = document.createElement("strong");
          strong.textContent = text[0];
          div.append(strong, " ", text[1]);
        } else div.append(text);
        return div;
      }),
    );
    refusedBox.hidden = !refused.length;
    refusedBox.replaceChildren();
    if (refused.length) {
      const head = document.createElement("div");
      head.className = "fw-semibold";
      head.textContent = msg("Refused", refused.length);
      const ul = document.createElement("ul");
      ul.className = "mb-0 ps-3";
      for (const e of refused) {
        const li = document.createElement("li");
        li.dataset.testid = "refused-change";
        const what = document.createElement("span");
        what.className = "fw-semibold";
        what.textContent = `${e.label || e.kind}: `;
        const names = e.names || {};
        const values = Object.entries(e.fields)
          .filter(([k]) => !(e.kind === "finding" || e.kind === "recommendation") || k === "text")
          .map(([k, v]) => (names[k] && names[k] !== e.label ? `${names[k]} «${v}»` : `«${v}»`))
          .join("; ");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-link btn-sm p-0 ms-1 text-danger";
        button.dataset.discard = e.id;
        button.textContent = msg("Discard");
        li.append(what, `${values} — ${e.error}`, button);
        ul.append(li);
      }
      refusedBox.append(head, ul);
    }
    clearTimeout(hideTimer);
    if (online && !waiting && syncedCount) {
      hideTimer = setTimeout(() => {
        syncedCount = 0;
        render();
      }, 20000);
    }
  }

  root.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-discard]") : null;
    if (!button) return;
    store(load().filter((e) => e.id !== button.dataset.discard));
    render();
  });

  const start = load();
  applyToForms(start);
  remember();
  render();
  if (online && start.some((e) => e.state !== "refused")) flush();

  // The service worker keeps this page and its assets so it opens again without a connection.
  if ("serviceWorker" in navigator && root.dataset.worker) {
    navigator.serviceWorker
      .register(root.dataset.worker)
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        const files = [...document.querySelectorAll("script[src], link[rel='stylesheet'], link[rel='icon']")].map(
          (el) => el.src || el.href,
        );
        if (registration.active) registration.active.postMessage({ cache: [location.pathname, ...files] });
      })
      .catch(() => {}); // without a worker the page still queues while it stays open
  }
})();
