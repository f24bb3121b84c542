/* kilavuz default theme: "open now" for support hours. Progressive enhancement only: the page
 * already lists the hours in the calendar's own time zone. For each [data-support-hours]
 * element (JSON: zone; week = per day, Monday first, [open, close) minutes of the openings that
 * start that day, close > 1440 for an overnight opening; closed dates; dated exceptions), this
 * tells whether it is open now and, if not, when it opens next in the reader's own time zone.
 * A closed date or an exception replaces the openings that start on that date; the end of the
 * previous night's opening still counts. Under Node (tests) the pure functions are exported
 * instead of touching a document. */
(function () {
  "use strict";

  var DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  function wallClock(date, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", weekday: "short"
    }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return {
      date: parts.year + "-" + parts.month + "-" + parts.day,
      day: DAYS.indexOf(parts.weekday),
      minute: (Number(parts.hour) % 24) * 60 + Number(parts.minute)
    };
  }

  function dayBefore(isoDate) {
    var p = isoDate.split("-").map(Number);
    return new Date(Date.UTC(p[0], p[1] - 1, p[2] - 1)).toISOString().slice(0, 10);
  }

  function toMinutes(t) {
    var p = t.split(":");
    return Number(p[0]) * 60 + Number(p[1]);
  }

  /* The openings that start on `date` (weekday `day`), after closed dates and exceptions. */
  function startingOn(cal, date, day) {
    if ((cal.closed || []).some(function (c) { return c[0] === date; })) return [];
    var special = (cal.exceptions || []).filter(function (e) {
      return e.from <= date && date <= e.until;
    })[0];
    if (special) {
      if (!special.open || !special.close) return [];
      var open = toMinutes(special.open), close = toMinutes(special.close);
      return [[open, close > open ? close : close + 1440]];
    }
    return cal.week[day] || [];
  }

  function isOpen(cal, date) {
    var local = wallClock(date, cal.zone || "UTC");
    var today = startingOn(cal, local.date, local.day).some(function (s) {
      return s[0] <= local.minute && local.minute < s[1];
    });
    var lastNight = startingOn(cal, dayBefore(local.date), (local.day + 6) % 7).some(function (s) {
      return local.minute + 1440 < s[1];
    });
    return today || lastNight;
  }

  /* Steps forward in 15-minute increments for up to 14 days, then back to the exact minute. */
  function nextOpening(cal, from) {
    var step = 900000, minute = 60000;
    var t = new Date(Math.ceil(from.getTime() / step) * step);
    for (var i = 0; i < 14 * 96; i++, t = new Date(t.getTime() + step)) {
      if (isOpen(cal, t)) {
        while (t.getTime() - minute >= from.getTime() && isOpen(cal, new Date(t.getTime() - minute))) {
          t = new Date(t.getTime() - minute);
        }
        return t;
      }
    }
    return null;
  }

  var api = { isOpen: isOpen, nextOpening: nextOpening };
  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
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
  window.kilavuzSupportHours = api;
})();
