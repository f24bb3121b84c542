// kilavuz serve: live reload. Injected into served HTML only, never into `kilavuz build` output.
// Listens to the server's event stream: reloads the page (keeping the scroll position), swaps
// stylesheets in place, and shows or hides the build-error overlay the server renders (escaped).
(() => {
  const script = document.currentScript;
  const since = script ? script.dataset.generation : "0";
  const scrollKey = "kilavuz-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const restore = () => window.scrollTo(0, Number(saved));
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }

  let overlay = null;
  const showErrors = (html) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "kilavuz-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1em 1.5em;background:#2b0b0b;color:#ffe9e9;font:14px/1.5 ui-monospace,monospace;" +
        "border-top:4px solid #e5484d;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.innerHTML = html;
  };
  const clearErrors = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };
  const reloadCss = () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("kilavuz-reload", String(Date.now()));
      link.href = url.href;
    }
  };

  const events = new EventSource("/__kilavuz/events?since=" + encodeURIComponent(since));
  events.addEventListener("reload", () => {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    events.close();
    location.reload();
  });
  events.addEventListener("css", () => {
    clearErrors();
    reloadCss();
  });
  events.addEventListener("errors", (e) => showErrors(JSON.parse(e.data)));
  events.addEventListener("clear", clearErrors);
})();
