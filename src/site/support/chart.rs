//! The weekly coverage chart of an offering page: an SVG drawn at build time with one row per
//! contact channel and one column per day, each day a 24-hour band filled where the channel is
//! staffed (and, lighter, where it only takes requests), in the channel's calendar's time zone.
//! The row names the severities the channel accepts. Right-to-left locales get the chart
//! mirrored. Every text comes from data or UI strings and is escaped; colors are classes styled
//! by the theme's CSS, so dark mode applies. The hours tables below the chart say the same in
//! text.

use std::fmt::Write;

use super::super::extras::escape_xml;
use super::super::pages::Site;
use crate::data::model::{DAYS, Offering};
use crate::data::time::Week;
use crate::templates::support::ChannelCtx;

const LABEL: f64 = 210.0;
const DAY: f64 = 76.0;
const HEAD: f64 = 26.0;
const ROW: f64 = 46.0;
const BAND: f64 = 18.0;
const WIDTH: f64 = LABEL + 7.0 * DAY;

/// The chart of `o`'s channels (`shown` are the same channels, resolved for display), or `None`
/// when it has none.
pub(super) fn coverage(
    site: &Site<'_>,
    l: usize,
    o: &Offering,
    shown: &[ChannelCtx],
) -> Option<String> {
    let channels = o.channels.as_deref().filter(|c| !c.is_empty())?;
    let t = &site.strings[l];
    let text = |key: &str| {
        t.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(key)
            .to_string()
    };
    let rtl = site.config.locales[l].dir == crate::config::Direction::Rtl;
    // x of a box starting at `x` and `w` wide, in the locale's direction.
    let at = |x: f64, w: f64| if rtl { WIDTH - x - w } else { x };
    let height = HEAD + ROW * channels.len() as f64 + 4.0;
    let id = format!("coverage-{}", o.id);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"coverage-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" direction=\"{}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        if rtl { "rtl" } else { "ltr" },
        escape_xml(&text("support_coverage")),
        escape_xml(&text("support_coverage_desc")),
    );
    for (d, day) in DAYS.iter().enumerate() {
        let x = at(LABEL + DAY * d as f64, DAY);
        let _ = write!(
            svg,
            "<text class=\"coverage-day\" x=\"{}\" y=\"17\" text-anchor=\"middle\">{}</text>",
            x + DAY / 2.0,
            escape_xml(&text(&format!("day_{day}")))
        );
    }
    for (row, (channel, ctx)) in channels.iter().zip(shown).enumerate() {
        let y = HEAD + ROW * row as f64;
        let calendar = site.data.calendars.get(&channel.calendar).map(|c| &c.value);
        let accepts = channel
            .accepts_until
            .as_ref()
            .and_then(|a| site.data.calendars.get(a))
            .map(|c| Week::of(&c.value));
        let zone = calendar.and_then(|c| c.time_zone.as_deref()).unwrap_or("");
        let label_x = if rtl { WIDTH - 4.0 } else { 4.0 };
        let mut detail = ctx.severities.join(", ");
        if !zone.is_empty() {
            detail = if detail.is_empty() {
                zone.to_string()
            } else {
                format!("{detail} · {zone}")
            };
        }
        let _ = write!(
            svg,
            "<g class=\"coverage-row\"><text class=\"coverage-label\" x=\"{label_x}\" y=\"{}\" text-anchor=\"start\">{}</text>\
             <text class=\"coverage-detail\" x=\"{label_x}\" y=\"{}\" text-anchor=\"start\">{}</text>",
            y + 18.0,
            escape_xml(&ctx.label),
            y + 34.0,
            escape_xml(&detail),
        );
        let staffed = calendar.map(Week::of).unwrap_or_default();
        for d in 0..7 {
            let x0 = LABEL + DAY * d as f64 + 2.0;
            let w = DAY - 4.0;
            let band_y = y + (ROW - BAND) / 2.0;
            let _ = write!(
                svg,
                "<rect class=\"coverage-off\" x=\"{}\" y=\"{band_y}\" width=\"{w}\" height=\"{BAND}\" rx=\"3\"/>",
                at(x0, w)
            );
            let mut spans = |class: &str, list: &[(u32, u32)]| {
                for &(from, to) in list {
                    let sx = x0 + w * f64::from(from) / 1440.0;
                    let sw = w * f64::from(to - from) / 1440.0;
                    let _ = write!(
                        svg,
                        "<rect class=\"{class}\" x=\"{:.1}\" y=\"{band_y}\" width=\"{sw:.1}\" height=\"{BAND}\"/>",
                        at(sx, sw)
                    );
                }
            };
            if let Some(accepts) = &accepts {
                spans("coverage-accepts", &accepts.0[d]);
            }
            spans("coverage-staffed", &staffed.0[d]);
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    Some(svg)
}
