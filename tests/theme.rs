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
