/* kilavuz default theme: "open now" for support hours. Progressive enhancement only: the page
 * already lists the hours in the calendar's own time zone. For each [data-support-hours]
 * element (JSON: zone, week = per day [open, close) minutes Monday first, closed dates,
 * exceptions), this tells whether it is open now and, if not, when it opens next in the
 * reader's own time zone. */
(function () {
  "use strict";

  function wallClock(date, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", weekday: "short"
    }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    var days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    return {
      date: parts.year + "-" + parts.month + "-" + parts.day,
      day: days.indexOf(parts.weekday),
      minute: Number(parts.hour) * 60 + Number(parts.minute)
    };
  }

  function spansOn(cal, local) {
    var closed = (cal.closed || []).some(function (c) { return c[0] === local.date; });
    if (closed) return [];
    var special = (cal.exceptions || []).filter(function (e) {
      return e.from <= local.date && local.date <= e.until;
    })[0];
    if (special) {
      if (!special.open) return [];
      var toMin = function (t) { var p = t.split(":"); return Number(p[0]) * 60 + Number(p[1]); };
      return [[toMin(special.open), toMin(special.close)]];
    }
    return cal.week[local.day] || [];
  }

  function isOpen(cal, date) {
    var local = wallClock(date, cal.zone || "UTC");
    return spansOn(cal, local).some(function (s) { return s[0] <= local.minute && local.minute < s[1]; });
  }

  /* Steps forward in 15-minute increments for up to 14 days. */
  function nextOpening(cal, from) {
    var t = new Date(Math.ceil(from.getTime() / 900000) * 900000);
    for (var i = 0; i < 14 * 96; i++, t = new Date(t.getTime() + 900000)) {
      if (isOpen(cal, t)) return t;
    }
    return null;
  }

  function describe(el, now) {
    var cal = JSON.parse(el.getAttribute("data-support-hours"));
    var out = el.querySelector(".support-open-now");
    if (!out) return;
    if (isOpen(cal, now)) {
      out.textContent = out.getAttribute("data-open-label");
    } else {
      var next = nextOpening(cal, now);
      out.textContent = out.getAttribute("data-closed-label") + (next ? " " +
        out.getAttribute("data-next-label") + " " + next.toLocaleString(document.documentElement.lang, {
          weekday: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
        }) : "");
    }
    out.hidden = false;
  }

  var now = new Date();
  Array.prototype.forEach.call(document.querySelectorAll("[data-support-hours]"), function (el) {
    describe(el, now);
  });
  window.kilavuzSupportHours = { isOpen: isOpen, nextOpening: nextOpening };
})();
