/* The dashboard's one small script: behaviour through data- attributes, no inline code.
   Every feature re-binds after htmx swaps, and the pages keep working without it. */
(function () {
  "use strict";

  /* -- The browser's timezone, so the server shows dates in the organiser's zone. -- */
  function rememberTimezone() {
    try {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const current = document.cookie.split("; ").find((c) => c.startsWith("tz="));
      // IANA names (Europe/Paris) are cookie-safe as they are; the server reads them raw.
      if (zone && (!current || current.slice(3) !== zone)) {
        document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
      }
    } catch (error) {
      /* An old browser: the server's default timezone applies. */
    }
  }

  /* -- Confirmation dialogs: data-confirm-dialog="<dialog id>". -- */
  function onClick(event) {
    const opener = event.target.closest("[data-confirm-dialog]");
    if (opener) {
      const dialog = document.getElementById(opener.dataset.confirmDialog);
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
        return;
      }
    }
    const closer = event.target.closest("[data-close-dialog], dialog button[value='cancel']");
    if (closer) {
      const dialog = closer.closest("dialog");
      if (dialog) {
        event.preventDefault();
        dialog.close();
      }
    }
    const across = event.target.closest("[data-select-across]");
    if (across) {
      event.preventDefault();
      selectAcross(across);
    }
  }

  /* -- Row selection for bulk actions. -- */
  function selectionTable(element) {
    return element.closest("[data-selectable]") || document.querySelector("[data-selectable]");
  }

  function refreshSelection(table) {
    if (!table) return;
    const boxes = Array.from(table.querySelectorAll("input[name='selected']"));
    const checked = boxes.filter((box) => box.checked);
    boxes.forEach((box) => {
      const row = box.closest("tr");
      if (row) row.classList.toggle("is-selected", box.checked);
    });
    const all = table.querySelector("[data-select-all]");
    if (all) {
      all.checked = boxes.length > 0 && checked.length === boxes.length;
      all.indeterminate = checked.length > 0 && checked.length < boxes.length;
    }
    const scope = table.closest("form") || document;
    const bar = scope.querySelector(".bulk-bar");
    if (bar) {
      bar.hidden = checked.length === 0;
      const count = bar.querySelector("[data-selected-count]");
      const acrossInput = scope.querySelector("input[name='select_across']");
      if (acrossInput && checked.length < boxes.length) acrossInput.value = "";
      if (count && !(acrossInput && acrossInput.value === "1")) {
        count.textContent = checked.length + " selected";
      }
    }
  }

  function selectAcross(button) {
    const scope = button.closest("form") || document;
    const table = scope.querySelector("[data-selectable]");
    if (!table) return;
    table.querySelectorAll("input[name='selected']").forEach((box) => (box.checked = true));
    refreshSelection(table);
    let input = scope.querySelector("input[name='select_across']");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "select_across";
      scope.appendChild(input);
    }
    input.value = "1";
    const total = Number(button.dataset.total || table.dataset.total || 0);
    const count = scope.querySelector("[data-selected-count]");
    if (count) count.textContent = "All " + total.toLocaleString() + " matching selected";
    button.hidden = true;
  }

  function onChange(event) {
    const target = event.target;
    if (target.matches("[data-select-all]")) {
      const table = selectionTable(target);
      table.querySelectorAll("input[name='selected']").forEach((box) => (box.checked = target.checked));
      refreshSelection(table);
    } else if (target.matches("input[name='selected']")) {
      refreshSelection(selectionTable(target));
    }
    if (target.type === "checkbox" && target.closest("[data-keep-into], [data-chosen]")) {
      keepChosen(target);
    }
    if (target.form) applyShowWhen(target.form);
  }

  /* -- Multi-pickers keep what was ticked when a new search replaces the results: the
        results box names the list that holds the chosen ones (data-keep-into="<id>"). -- */
  function keepChosen(box) {
    const results = box.closest("[data-keep-into]");
    const chosen = results && document.getElementById(results.dataset.keepInto);
    const item = box.closest("li");
    if (chosen && item && box.checked) chosen.appendChild(item);
    if (!box.checked && item && box.closest("[data-chosen]")) item.remove();
  }

  function hideChosenResults(root) {
    root.querySelectorAll("[data-keep-into]").forEach((results) => {
      const chosen = document.getElementById(results.dataset.keepInto);
      if (!chosen) return;
      const taken = new Set(Array.from(chosen.querySelectorAll("input")).map((box) => box.value));
      results.querySelectorAll("input").forEach((box) => {
        if (taken.has(box.value)) box.closest("li")?.remove();
      });
    });
  }

  /* -- Fields that only apply to some choices: data-show-when="solution=Youtube,Vimeo". -- */
  function currentValues(form, name) {
    const fields = Array.from(form.elements).filter((el) => el.name === name);
    return fields
      .filter((el) => (el.type === "radio" || el.type === "checkbox" ? el.checked : true))
      .map((el) => el.value);
  }

  function applyShowWhen(root) {
    root.querySelectorAll("[data-show-when]").forEach((block) => {
      const form = block.closest("form");
      if (!form) return;
      const [name, wanted] = block.dataset.showWhen.split("=");
      const allowed = (wanted || "").split(",");
      const show = currentValues(form, name).some((value) => allowed.includes(value));
      block.hidden = !show;
      block.querySelectorAll("input, select, textarea").forEach((input) => (input.disabled = !show));
    });
  }

  /* -- Forms that start something (data-once) are sent once, whatever the clicks. -- */
  function onSubmit(event) {
    const form = event.target;
    if (!form.matches("form[data-once]")) return;
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    form.querySelectorAll("button[type='submit']").forEach((button) => button.setAttribute("aria-busy", "true"));
  }

  function resetSentForms() {
    // Back to a page from the browser's cache: its forms may be sent again.
    document.querySelectorAll("form[data-once]").forEach((form) => {
      delete form.dataset.sent;
      form.querySelectorAll("[aria-busy]").forEach((button) => button.removeAttribute("aria-busy"));
    });
  }

  /* -- Escape clears a search box. -- */
  function onKeydown(event) {
    // Enter in a search box searches (its button) rather than sending the whole form.
    const enterClicks = event.key === "Enter" && event.target.dataset && event.target.dataset.enterClicks;
    if (enterClicks && document.getElementById(enterClicks)) {
      event.preventDefault();
      document.getElementById(enterClicks).click();
      return;
    }
    if (event.key === "Escape" && event.target.matches("[data-search]") && event.target.value) {
      event.target.value = "";
      event.target.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  /* -- A failed htmx request says so instead of failing silently. -- */
  function toast(text) {
    let region = document.querySelector(".toast-region");
    if (!region) {
      region = document.createElement("div");
      region.className = "toast-region";
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    const item = document.createElement("div");
    item.className = "toast";
    item.textContent = text;
    region.appendChild(item);
    setTimeout(() => item.remove(), 6000);
  }

  function bind(root) {
    applyShowWhen(root);
    root.querySelectorAll("[data-selectable]").forEach(refreshSelection);
    hideChosenResults(document);
    const focus = root.querySelector("[data-autofocus-after-swap]");
    // After the swap: htmx then gives the focus back to the element of the same id as
    // the one that sent the request, which would take it from here.
    if (focus && root !== document) setTimeout(() => focus.focus());
  }

  rememberTimezone();
  document.addEventListener("click", onClick);
  document.addEventListener("change", onChange);
  document.addEventListener("submit", onSubmit);
  window.addEventListener("pageshow", (event) => event.persisted && resetSentForms());
  document.addEventListener("keydown", onKeydown);
  document.addEventListener("DOMContentLoaded", () => bind(document));
  document.addEventListener("htmx:load", (event) => bind(event.target));
  document.addEventListener("htmx:responseError", (event) => {
    // Error pages with a body are swapped in place (see the htmx-config meta tag).
    const xhr = event.detail.xhr;
    if (!xhr || !xhr.responseText) toast("That did not work (" + (xhr ? xhr.status : "no answer") + "). Please try again.");
  });
  document.addEventListener("htmx:sendError", () => toast("The dashboard cannot be reached. Check your connection and retry."));
})();

/* -- Team page: copy the set-your-password link (data-copy="<input id>"). -- */
(function () {
  "use strict";
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-copy]");
    const input = button && document.getElementById(button.dataset.copy);
    if (!input) return;
    input.select();
    const done = () => {
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = "Copy the link"), 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, () => document.execCommand("copy") && done());
    } else if (document.execCommand("copy")) {
      done();
    }
  });
  document.addEventListener("focusin", (event) => {
    if (event.target.matches("[data-select-on-focus]")) event.target.select();
  });
})();

// A table wider than its box scrolls sideways; keyboard users must reach it too (WCAG
// 2.1.1), so such a box takes the focus (arrow keys scroll it) and is named after its panel.
(function () {
  function markScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach((wrap) => {
      const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        // The heading's own words, without the count badge it may hold.
        const heading = wrap.closest("section, main")?.querySelector("h1, h2")?.firstChild;
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", `${heading ? heading.textContent.trim() : "Table"} (scrolls sideways)`);
        wrap.dataset.scrollFocus = "";
      } else if (!scrolls && "scrollFocus" in wrap.dataset) {
        ["tabindex", "role", "aria-label", "data-scroll-focus"].forEach((name) => wrap.removeAttribute(name));
      }
    });
  }
  let pending = null;
  function later() {
    clearTimeout(pending);
    pending = setTimeout(markScrollingTables, 100);
  }
  document.addEventListener("DOMContentLoaded", markScrollingTables);
  document.addEventListener("htmx:afterSettle", markScrollingTables);
  window.addEventListener("resize", later);
})();

/* -- A form sent while signed out comes back filled after the login, not sent
   (lives_admin/kept_forms.py): found on the page, or in a panel when it loads. -- */
(function () {
  "use strict";
  const source = document.getElementById("kept-form");
  if (!source) return;
  let kept;
  try {
    kept = JSON.parse(source.textContent);
  } catch (error) {
    return;
  }
  const SKIPPED_TYPES = ["hidden", "file", "password", "submit", "button", "reset"];

  function actionOf(form) {
    const action = form.getAttribute("hx-post") || form.getAttribute("action") || window.location.href;
    return new URL(action, window.location.href).pathname;
  }

  function sentValues() {
    const values = {};
    kept.fields.forEach(([name, value]) => (values[name] = values[name] || []).push(value));
    return values;
  }

  function restore(field, sent, used) {
    if (field.type === "checkbox" || field.type === "radio") {
      field.checked = sent.includes(field.value);
    } else if (field.multiple) {
      Array.from(field.options).forEach((option) => (option.selected = sent.includes(option.value)));
    } else {
      const index = used[field.name] || 0;
      used[field.name] = index + 1;
      if (index < sent.length) field.value = sent[index];
    }
    // "change" only: a search box does not search by itself (nothing typed leaves the
    // dashboard before the organiser acts).
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function fill(form) {
    const values = sentValues();
    const used = {};
    const found = new Set();
    Array.from(form.elements).forEach((field) => {
      if (!field.name || SKIPPED_TYPES.includes(field.type)) return;
      found.add(field.name);
      if (field.name in values) restore(field, values[field.name], used);
      else if (field.type === "checkbox") field.checked = false; // unticked: not sent
    });
    // A choice made in search results (a picked member) is not on the page any more.
    const lost = Object.keys(values).some((name) => /_ids?$/.test(name) && !found.has(name));
    // Searched again, the results tick what was picked before.
    document.addEventListener("htmx:load", (event) => {
      if (!form.contains(event.target)) return;
      event.target.querySelectorAll("input[type='radio'], input[type='checkbox']").forEach((field) => {
        if (field.name in values && values[field.name].includes(field.value)) field.checked = true;
      });
    });
    for (let box = form.closest("details"); box; box = box.parentElement.closest("details")) box.open = true;
    const notice = document.createElement("div");
    notice.className = "alert alert-warning";
    notice.setAttribute("role", "status");
    notice.setAttribute("tabindex", "-1");
    notice.dataset.keptNotice = "";
    notice.textContent =
      "What you typed before you were signed out is back. It has not been sent: check it, then send it." +
      (lost ? " A choice picked from search results (a member, a host) needs picking again." : "") +
      (kept.had_file ? " Choose the file again: files are never kept." : "");
    form.prepend(notice);
    notice.focus();
  }

  function find(root) {
    const forms = Array.from(root.querySelectorAll("form[method='post'], form[hx-post]"));
    if (root.matches && root.matches("form")) forms.unshift(root);
    const form = forms.find((candidate) => actionOf(candidate) === kept.action);
    if (!form) return false;
    fill(form);
    return true;
  }

  function onLoad(event) {
    if (find(event.target)) document.removeEventListener("htmx:load", onLoad);
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!find(document)) document.addEventListener("htmx:load", onLoad);
  });
})();
