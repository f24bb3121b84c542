/* kilavuz default theme: progressive enhancement only. Every page works without this file.
 * - language chooser ("/"): go to the locale that best matches navigator.languages
 * - sidebar: keep the navigation open on wide screens in browsers without ::details-content
 * - copy buttons on code blocks, "#" links on headings, keyboard-scrollable wide tables
 * - theme toggle: light or dark, remembered in localStorage (base.html applies it before the
 *   first paint); without a choice the system's prefers-color-scheme decides
 * - language menu: close on Escape or on a click outside
 * - search box: "/" focuses it; search.js is loaded only once the box is used */
(function () {
  "use strict";

  var body = document.body;

  /* ---- Language chooser ---- */
  function chooseLocale() {
    if (!body.hasAttribute("data-kilavuz-chooser")) return;
    // Coming back to "/" from this site means the reader wants to choose by hand.
    try {
      if (document.referrer && new URL(document.referrer).origin === location.origin) return;
    } catch (e) { /* unparsable referrer: carry on */ }
    var links = document.querySelectorAll("[data-kilavuz-locales] a[hreflang]");
    var wanted = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var tag = String(wanted[i]).toLowerCase();
      if (!tag) continue;
      var primary = tag.split("-")[0];
      var exact = null, partial = null;
      for (var j = 0; j < links.length; j++) {
        var code = links[j].getAttribute("hreflang").toLowerCase();
        if (code === tag) { exact = links[j]; break; }
        if (!partial && code.split("-")[0] === primary) partial = links[j];
      }
      var hit = exact || partial;
      if (hit) { location.replace(hit.href); return; }
    }
  }

  /* ---- Sidebar: open on wide screens where CSS alone cannot ---- */
  function sidebar() {
    var details = document.querySelector("[data-kilavuz-sidebar]");
    if (!details || !window.matchMedia) return;
    if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) return;
    var wide = window.matchMedia("(min-width: 56.25em)");
    function apply() {
      if (wide.matches) {
        details.open = true;
        details.classList.add("is-static");
      } else if (details.classList.contains("is-static")) {
        details.classList.remove("is-static");
        details.open = false;
      }
    }
    apply();
    if (wide.addEventListener) wide.addEventListener("change", apply);
    else if (wide.addListener) wide.addListener(apply);
  }

  /* ---- Status messages for screen readers ---- */
  var status = null;
  function announce(text) {
    if (!status) {
      status = document.createElement("div");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      body.appendChild(status);
    }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  /* ---- Copy buttons ---- */
  /* ---- Theme toggle ---- */
  function themeToggle() {
    var button = document.querySelector("[data-kilavuz-theme]");
    if (!button) return;
    var root = document.documentElement;
    var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    function dark() {
      var chosen = root.getAttribute("data-theme");
      return chosen ? chosen === "dark" : !!(system && system.matches);
    }
    function show() { button.setAttribute("aria-pressed", dark() ? "true" : "false"); }
    button.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("kilavuz-theme", next); } catch (e) { /* private mode: this page only */ }
      show();
    });
    if (system && system.addEventListener) system.addEventListener("change", show);
    show();
    button.hidden = false;
  }

  function copyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    var label = body.getAttribute("data-copy-label") || "Copy";
    var done = body.getAttribute("data-copied-label") || "Copied";
    var blocks = document.querySelectorAll("main pre > code");
    Array.prototype.forEach.call(blocks, function (code) {
      var pre = code.parentNode;
      var wrap = document.createElement("div");
      wrap.className = "code-block";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = label;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(code.innerText.replace(/\n$/, "")).then(function () {
          button.textContent = done;
          announce(done);
          window.setTimeout(function () { button.textContent = label; }, 2000);
        }, function () { /* permission denied: leave the button as it is */ });
      });
      wrap.appendChild(button);
      // A scrolling <pre> must be reachable by keyboard.
      if (pre.scrollWidth > pre.clientWidth) pre.tabIndex = 0;
    });
  }

  /* ---- Heading anchors ---- */
  function headingAnchors() {
    var headings = document.querySelectorAll(".content h2[id], .content h3[id], .content h4[id]");
    Array.prototype.forEach.call(headings, function (h) {
      if (h.querySelector(".heading-anchor")) return;
      var a = document.createElement("a");
      a.className = "heading-anchor";
      a.href = "#" + h.id;
      a.setAttribute("aria-label", h.textContent.trim());
      a.textContent = "#";
      h.appendChild(a);
    });
  }

  /* ---- Wide tables: focusable so the keyboard can scroll them ---- */
  function tables() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
      if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
    });
  }

  /* ---- Language menu ---- */
  function languageMenu() {
    var menu = document.querySelector(".lang-switch");
    if (!menu) return;
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (menu.open && !menu.contains(e.target)) menu.open = false;
    });
  }

  /* ---- Search box: load search.js on first use, "/" to focus ---- */
  function searchBox() {
    var form = document.querySelector("form[data-kilavuz-search]");
    var input = form && form.querySelector("[role=combobox]");
    if (!input || !form.dataset.script) return;
    var loaded = false;
    function load() {
      if (loaded || window.KilavuzSearch) return;
      loaded = true;
      var script = document.createElement("script");
      script.src = form.dataset.script; /* an attribute, so fingerprinting rewrites it */
      document.head.appendChild(script);
    }
    input.addEventListener("focus", load);
    input.addEventListener("input", load);
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key !== "/" || typing || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      input.focus();
    });
  }

  chooseLocale();
  searchBox();
  sidebar();
  themeToggle();
  copyButtons();
  headingAnchors();
  tables();
  languageMenu();
})();
