/* The dashboard's one small script: behaviour through data- attributes, no inline code.
   Every feature re-binds after htmx swaps, and the pages keep working without it. */

/* Django's JavaScript catalogue (its own script, loaded just before this one) defines
   gettext, ngettext and interpolate in the page's language; without it, English. */
if (typeof window.gettext !== "function") {
  window.gettext = (text) => text;
  window.ngettext = (singular, plural, count) => (count === 1 ? singular : plural);
  window.interpolate = (format, values) => format.replace(/%s/g, () => String(values.shift()));
}
/* Numbers as the page's language writes them (fr: "1 234"). */
const pageNumber = (value) => Number(value).toLocaleString(document.documentElement.lang || undefined);
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
        count.textContent = interpolate(ngettext("%s selected", "%s selected", checked.length), [pageNumber(checked.length)]);
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
    if (count) count.textContent = interpolate(ngettext("All %s matching selected", "All %s matching selected", total), [pageNumber(total)]);
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
    if (target.type === "checkbox" && target.checked && target.form) clearPickErrors(target);
  }

  /* -- "Pick at least one group" goes once a group is ticked, not at the next submit:
        the error names the boxes that answer it (data-cleared-by-ticking="<name>"). -- */
  function clearPickErrors(box) {
    box.form.querySelectorAll("[data-cleared-by-ticking]").forEach((errors) => {
      if (errors.dataset.clearedByTicking !== box.name) return;
      const field = errors.closest(".field");
      if (field) {
        field.classList.remove("has-error");
        field.querySelectorAll("[aria-invalid]").forEach((input) => {
          input.removeAttribute("aria-invalid");
          if (input.getAttribute("aria-describedby") === errors.id) input.removeAttribute("aria-describedby");
        });
      }
      errors.remove();
    });
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

  /* -- A form that comes back with errors: its first field in error (else its error summary
        or message) takes the focus and comes into view, after a full-page post or an htmx swap. -- */
  const FOCUSABLE = "input:not([type='hidden']):not([disabled]), select:not([disabled]), textarea:not([disabled])";

  function isShown(element) {
    return !!(element && element.getClientRects().length && !element.closest("[hidden]"));
  }

  function firstErrorTarget(form) {
    const marks = form.querySelectorAll(".has-error, [aria-invalid='true'], .errorlist, [data-error-summary], .alert-error");
    for (const mark of marks) {
      if (mark.matches("[data-error-summary], .alert-error")) continue; // the fields come first
      const field = mark.matches(FOCUSABLE) ? mark : (mark.closest(".field, .fieldset, .has-error") || mark).querySelector(FOCUSABLE);
      if (isShown(field)) return field;
    }
    // No field to show (a form-wide error, or the field is hidden): its message instead,
    // unless the form puts the focus in a field itself (the login's username).
    const message = form.querySelector("[data-error-summary], .alert-error, .errorlist");
    if (!isShown(message)) return null;
    const own = form.querySelector("[autofocus]");
    return isShown(own) ? own : message;
  }

  function focusFirstError(root) {
    const forms = root.matches && root.matches("form") ? [root] : Array.from(root.querySelectorAll("form"));
    const form = forms.find((candidate) => (candidate.getAttribute("method") || "").toLowerCase() === "post" && firstErrorTarget(candidate));
    if (!form) return false;
    const target = firstErrorTarget(form);
    const details = target.closest("details");
    if (details) details.open = true;
    if (!target.matches(FOCUSABLE) && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
    return true;
  }

  function onErrorSummaryClick(event) {
    // A link of the summary takes the focus to its field, not only the view.
    const link = event.target.closest("[data-error-summary] a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.closest("details")?.setAttribute("open", "");
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "center" });
  }

  function focusErrorsAfterSwap(event) {
    // Only the answer to a form sent: a panel that loads with a problem keeps the focus where it is.
    const config = event.detail && event.detail.requestConfig;
    if (!config || config.verb !== "post" || !(event.target instanceof Element)) return;
    // After htmx gives the focus back to the element of the sender's id.
    // Only within what was swapped: a preview posted while typing must not take the focus away.
    setTimeout(() => event.target.isConnected && focusFirstError(event.target));
  }

  /* -- Filter forms that put their filters in the address (data-history="one-per-change"):
        one history entry per change. Typing "Office" makes one entry however slowly it is
        typed (more letters, fewer letters: the same search), a new word its own entry, and
        a change that leaves the address as it is (the blur after typing) none. -- */
  let typing = null; // {name, value}: the box whose typing made the current entry

  function currentPath() {
    return location.pathname + location.search;
  }

  function isTyping(event) {
    // The keys typed in a box, and the `change` its blur sends after them.
    const box = event.target;
    if (!box || !box.name) return false;
    const textLike = box.tagName === "TEXTAREA" || (box.tagName === "INPUT" && !["checkbox", "radio", "file"].includes(box.type));
    return event.type === "input" || (event.type === "change" && textLike);
  }

  function sameSearch(before, after) {
    // "" then a word: the box was emptied to type it. A word, then "": keep the word's entry.
    if (before === "") return true;
    if (after === "") return false;
    const [a, b] = [before.toLowerCase(), after.toLowerCase()];
    return a.startsWith(b) || b.startsWith(a);
  }

  function onFilterFocus(event) {
    // Back in the box typed in before: the next typing is a new change, with its own entry.
    if (typing && event.target.name === typing.name && event.target.closest("[data-history='one-per-change']")) typing = null;
  }

  function onBeforeHistoryUpdate(event) {
    const detail = event.detail;
    if (!detail.history || detail.history.type !== "push") return;
    const next = new URL(detail.history.path, location.href);
    // The same address again (any htmx push): no new entry.
    if (next.pathname + next.search === currentPath()) {
      detail.history.type = "replace";
      return;
    }
    const config = detail.requestConfig || {};
    const form = config.elt && config.elt.closest && config.elt.closest("[data-history='one-per-change']");
    const trigger = config.triggeringEvent;
    if (!form || !trigger || !isTyping(trigger)) {
      typing = null;
      return;
    }
    const name = trigger.target.name;
    const value = next.searchParams.get(name) || "";
    if (typing && typing.name === name && sameSearch(typing.value, value)) detail.history.type = "replace";
    typing = { name, value };
  }

  /* -- After Back or Forward, every filter box says what the address says, whatever the
        browser restored into it, so the next filter keeps the others. -- */
  function fillFiltersFromAddress() {
    typing = null;
    const params = new URLSearchParams(location.search);
    document.querySelectorAll("form[data-history='one-per-change']").forEach((form) => {
      Array.from(form.elements).forEach((field) => {
        if (!field.name || field.type === "hidden" || field.disabled) return;
        const values = params.getAll(field.name);
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = values.includes(field.value);
        } else if (field.tagName === "SELECT" && field.multiple) {
          Array.from(field.options).forEach((option) => (option.selected = values.includes(option.value)));
        } else if (field.tagName === "SELECT") {
          // An absent parameter is the select's default: the option the server marked.
          const marked = Array.from(field.options).find((option) => option.defaultSelected);
          field.value = values.length ? values[0] : marked ? marked.value : field.options[0]?.value || "";
        } else if ("value" in field) {
          field.value = values.length ? values[0] : "";
        }
      });
    });
  }

  rememberTimezone();
  document.addEventListener("htmx:beforeHistoryUpdate", onBeforeHistoryUpdate);
  document.addEventListener("focusin", onFilterFocus);
  document.addEventListener("htmx:historyRestore", fillFiltersFromAddress);
  // Back twice on a slow line asks the server twice: only the last address may be drawn,
  // so a restore still on its way is dropped when another one starts.
  let restoring = null;
  document.addEventListener("htmx:historyCacheMiss", (event) => {
    if (restoring && restoring !== event.detail.xhr) restoring.abort();
    restoring = event.detail.xhr;
  });
  window.addEventListener("pageshow", (event) => {
    const navigation = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    if (event.persisted || (navigation && navigation.type === "back_forward")) fillFiltersFromAddress();
  });
  document.addEventListener("click", onErrorSummaryClick);
  document.addEventListener("htmx:afterSettle", focusErrorsAfterSwap);
  document.addEventListener("DOMContentLoaded", () => {
    if (!location.hash) focusFirstError(document);
  });
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
    if (!xhr || !xhr.responseText) {
      const status = xhr ? String(xhr.status) : gettext("no answer");
      toast(interpolate(gettext("That did not work (%s). Please try again."), [status]));
    }
  });
  document.addEventListener("htmx:sendError", () => toast(gettext("The dashboard cannot be reached. Check your connection and retry.")));
  // Polls marked data-poll-while-visible skip their turn while the tab is hidden, and
  // catch up at once (tabShown) when it is shown again.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const element = event.detail.elt;
    if (document.hidden && element && element.hasAttribute && element.hasAttribute("data-poll-while-visible")) event.preventDefault();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.hidden || !window.htmx) return;
    document.querySelectorAll("[data-poll-while-visible]").forEach((element) => window.htmx.trigger(element, "tabShown"));
  });
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
      button.textContent = gettext("Copied");
      setTimeout(() => (button.textContent = gettext("Copy the link")), 2000);
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
        const name = heading ? heading.textContent.trim() : gettext("Table");
        wrap.setAttribute("aria-label", interpolate(gettext("%s (scrolls sideways)"), [name]));
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
   (lives_admin/web/kept_forms.py): found on the page, or in a panel when it loads. -- */
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
      // Unticked: not sent. Not so for a search fired while typing: it sent one field.
      else if (field.type === "checkbox" && !kept.trigger) field.checked = false;
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
      gettext("What you typed before you were signed out is back. It has not been sent: check it, then send it.") +
      (lost ? " " + gettext("A choice picked from search results (a member, a host) needs picking again.") : "") +
      (kept.had_file ? " " + gettext("Choose the file again: files are never kept.") : "") +
      (kept.had_password ? " " + gettext("Type the passwords again: they are never kept.") : "");
    form.prepend(notice);
    notice.focus();
  }

  // Kept from a search fired while typing: the form of the field that fired it.
  function formOfTrigger(root) {
    const selector = "#" + CSS.escape(kept.trigger);
    const field = root.matches && root.matches(selector) ? root : root.querySelector(selector);
    if (!field) return null;
    return field.matches("form") ? field : field.form || field.closest("form");
  }

  function find(root) {
    // The element that sent it names its form; else the form whose action it was.
    const byTrigger = kept.trigger ? formOfTrigger(root) : null;
    if (byTrigger) {
      fill(byTrigger);
      return true;
    }
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
