//! Per-page parts of the default theme: the "Edit this page" link from configuration, and
//! images that load lazily with their size known before they arrive.

mod common;

use common::{build_into, copy_fixture};

fn with_config(extra: &str) -> (tempfile::TempDir, common::Run) {
    let site = copy_fixture("site");
    let config = site.path().join("kilavuz.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}{extra}")).unwrap();
    let out = site.path().join("public");
    let run = build_into(site.path(), &out, &[]);
    (site, run)
}

fn read(site: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(site.path().join("public").join(rel)).unwrap()
}

#[test]
fn edit_links_point_at_each_pages_source_file() {
    let (site, run) = with_config("edit_url: https://github.com/contoso/docs/edit/main\n");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let edit = |rel: &str| {
        let page = read(&site, rel);
        let at = page
            .find("<p class=\"edit-page\"><a href=\"")
            .unwrap_or_else(|| panic!("{rel}"));
        let href = &page[at + "<p class=\"edit-page\"><a href=\"".len()..];
        href[..href.find('"').unwrap()].to_string()
    };
    let prefix = "https://github.com/contoso/docs/edit/main/";
    assert_eq!(
        edit("en-us/support/hours/index.html"),
        format!("{prefix}content/en-US/support/hours.md")
    );
    assert_eq!(
        edit("tr-tr/support/hours/index.html"),
        format!("{prefix}content/tr-TR/support/hours.md"),
        "a translation is edited in its own file"
    );
    assert_eq!(
        edit("tr-tr/billing/invoice/index.html"),
        format!("{prefix}content/en-US/billing/invoice.md"),
        "a fallback page shows the default locale's file, where its text comes from"
    );
    assert!(read(&site, "tr-tr/support/hours/index.html").contains(">Bu sayfayı düzenle</a>"));
    assert_eq!(
        edit("tr-tr/index.html"),
        format!("{prefix}content/tr-TR/index.md"),
        "sections have the link too"
    );
}

#[test]
fn without_edit_url_there_is_no_edit_link() {
    let (site, run) = with_config("");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!read(&site, "en-us/support/hours/index.html").contains("edit-page"));
}

#[test]
fn an_edit_url_that_is_not_plain_https_is_an_error() {
    for url in [
        "javascript:alert(1)",
        "http://example.org/edit/",
        "https://x.example/\\\"a\\\"",
    ] {
        let (_site, run) = with_config(&format!("edit_url: \"{url}\"\n"));
        assert_eq!(run.code, Some(1), "{url}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("kilavuz.yaml:7:1: error[config.edit_url]: edit_url `"),
            "{url}: {}",
            run.stderr
        );
    }
}

/// The first bytes of a PNG file: the signature and an IHDR chunk of `width` × `height`.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

#[test]
fn images_load_lazily_with_their_width_and_height() {
    let site = copy_fixture("site");
    let media = site.path().join("content/en-US/support/media");
    std::fs::write(media.join("wide.png"), png_header(640, 360)).unwrap();
    let page = site.path().join("content/en-US/support/hours.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\n![A \"wide\" 5 < 6 view](media/wide.png \"Title\")\n"),
    )
    .unwrap();
    let run = build_into(site.path(), &site.path().join("public"), &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = read(&site, "en-us/support/hours/index.html");
    assert!(
        html.contains(
            "<img src=\"/en-us/support/media/wide.png\" title=\"Title\" width=\"640\" height=\"360\" \
             loading=\"lazy\" decoding=\"async\" alt=\"A &quot;wide&quot; 5 &lt; 6 view\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"/en-us/support/media/map.png\" loading=\"lazy\" decoding=\"async\" alt=\"Map of the office\">"),
        "a file that is not a readable image gets no size: {html}"
    );
}

/// The data fixture (tests/fixtures/data/base) with `edit` (file, from, to) applied, built.
fn build_data_site(edit: Option<(&str, &str, &str)>) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data/base"),
        site.path(),
    );
    if let Some((file, from, to)) = edit {
        let path = site.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let run = build_into(site.path(), &site.path().join("public"), &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    site
}

#[test]
fn offering_pages_chart_each_channels_week_in_its_time_zone() {
    let site = build_data_site(Some((
        "content/data/offerings/contoso-standard.yaml",
        "label: {en-US: Email,",
        "label: {en-US: \"Mail <script>alert(1)</script>\",",
    )));
    let html = read(&site, "en-us/support/contoso-standard/index.html");
    let start = html
        .find("<svg class=\"coverage-chart\"")
        .expect("a coverage chart");
    let svg = &html[start..start + html[start..].find("</svg>").unwrap()];
    assert!(svg.contains("direction=\"ltr\" role=\"img\""), "{svg}");
    assert!(svg.contains("<title id=\"coverage-contoso-standard-title\">Weekly coverage</title>"));
    let rows: Vec<&str> = svg.split("<g class=\"coverage-row\">").skip(1).collect();
    assert_eq!(rows.len(), 4, "one row per channel");
    let count = |row: &str, class: &str| row.matches(&format!("class=\"{class}\"")).count();
    // Service desk (Turkish): Europe/Istanbul, Monday to Friday 09:00–18:00.
    let turkish = rows[1];
    assert!(
        turkish.contains(">Service desk (Turkish)</text>"),
        "{turkish}"
    );
    assert!(
        turkish.contains(">A, B, C · Europe/Istanbul</text>"),
        "{turkish}"
    );
    assert_eq!(count(turkish, "coverage-staffed"), 5, "five working days");
    assert_eq!(count(turkish, "coverage-accepts"), 0);
    // Monday's band: the day's box starts at 212 and is 72 wide; 09:00 is 3/8 in, 9 hours long.
    assert!(
        turkish.contains("<rect class=\"coverage-staffed\" x=\"239.0\" y=\"86\" width=\"27.0\""),
        "{turkish}"
    );
    // The portal takes requests around the clock and is staffed on weekdays.
    assert_eq!(count(rows[2], "coverage-accepts"), 7);
    assert_eq!(count(rows[2], "coverage-staffed"), 5);
    // Data is text, never markup.
    assert!(
        rows[3].contains(">Mail &lt;script&gt;alert(1)&lt;/script&gt;</text>"),
        "{}",
        rows[3]
    );
    assert!(!svg.contains("<script"));
    let tr = read(&site, "tr-tr/support/contoso-standard/index.html");
    assert!(tr.contains("<title id=\"coverage-contoso-standard-title\">Haftalık kapsam</title>"));
    assert!(tr.contains(">Pazartesi</text>"), "localized day names");
}
