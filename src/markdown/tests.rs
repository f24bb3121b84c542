use std::path::Path;

use super::*;

fn render_with(body: &str, resolver: &mut dyn LinkResolver) -> Rendered {
    render(
        &RenderInput {
            body,
            body_line: 5,
            language: "en",
            ids: IdStyle::GitHub,
            source_headings: None,
            file: Path::new("a.md"),
            dir: "",
            content_dirs: &[],
            alert_titles: &AlertTitles::default(),
        },
        resolver,
    )
}

fn render_plain(body: &str) -> Rendered {
    render_with(body, &mut |_: &LinkRef<'_>| None)
}

#[test]
fn explicit_anchor_wins_and_is_removed_from_the_text() {
    let r = render_plain(
        "# <a name=\"providing-support\"></a>Müşterilerinize destek sağlama\n\nText\n",
    );
    assert_eq!(r.headings[0].id, "providing-support");
    assert!(r.headings[0].explicit);
    let h1 = r.h1_html.unwrap();
    assert!(h1.starts_with("<h1 id=\"providing-support\">"), "{h1}");
    assert!(!h1.contains("<a name"), "{h1}");
    assert_eq!(r.h1_text.as_deref(), Some("Müşterilerinize destek sağlama"));
    assert!(
        !r.html.contains("<h1"),
        "the leading h1 is split off: {}",
        r.html
    );
}

#[test]
fn attribute_ids_and_duplicate_slugs() {
    let r = render_plain("## Hours {#hours}\n\n## Setup\n\n## Setup\n\n### Setup\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["hours", "setup", "setup-1", "setup-2"]);
    assert!(
        r.html.contains("<h2 id=\"setup-1\">Setup</h2>"),
        "{}",
        r.html
    );
}

#[test]
fn slug_does_not_collide_with_an_explicit_id_seen_before() {
    let r = render_plain("## A {#setup}\n\n## Setup\n");
    assert_eq!(r.headings[1].id, "setup-1");
}

#[test]
fn gfm_extensions_render() {
    let r = render_plain(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: Foot.\n",
    );
    assert!(r.html.contains("<table>"), "{}", r.html);
    assert!(r.html.contains("<del>old</del>"), "{}", r.html);
    assert!(r.html.contains("type=\"checkbox\""), "{}", r.html);
    assert!(r.html.contains("footnote"), "{}", r.html);
}

#[test]
fn links_are_resolved_with_file_positions() {
    let mut seen = Vec::new();
    let r = render_with(
        "Intro\n\nSee [billing](../billing.md#total) and ![x](img/a.png).\n",
        &mut |l: &LinkRef<'_>| {
            seen.push((l.href.to_string(), l.line, l.col, l.image));
            l.href
                .ends_with("#total")
                .then(|| "/en-us/billing/#total".to_string())
        },
    );
    assert_eq!(seen[0], ("../billing.md#total".to_string(), 7, 5, false));
    assert!(seen[1].3);
    assert!(
        r.html.contains("href=\"/en-us/billing/#total\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("src=\"img/a.png\""), "{}", r.html);
}

#[test]
fn raw_html_passes_through_and_text_is_escaped() {
    let r = render_plain("<div class=\"x\">raw</div>\n\na < b & c\n");
    assert!(r.html.contains("<div class=\"x\">raw</div>"));
    assert!(r.html.contains("a &lt; b &amp; c"));
}

#[test]
fn translations_inherit_the_source_ids_when_the_structure_matches() {
    let source = render_plain("# Support {#support}\n\n## Service hours\n\n### Holidays\n");
    let translate = |body: &str| {
        render(
            &RenderInput {
                body,
                body_line: 1,
                language: "tr",
                ids: IdStyle::GitHub,
                source_headings: Some(&source.headings),
                file: Path::new("a.md"),
                dir: "",
                content_dirs: &[],
                alert_titles: &AlertTitles::default(),
            },
            &mut |_: &LinkRef<'_>| None,
        )
    };
    let same = translate("# Destek\n\n## Hizmet saatleri\n\n### Resmî tatiller\n");
    let ids: Vec<_> = same.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["support", "service-hours", "holidays"]);
    let explicit = translate("# Destek\n\n## Saatler {#saatler}\n\n### Tatiller\n");
    assert_eq!(
        explicit.headings[1].id, "saatler",
        "an explicit id still wins"
    );
    let different = translate("# Destek\n\n## Hizmet saatleri\n");
    assert_eq!(
        different.headings[1].id, "hizmet-saatleri",
        "structure differs: slugs"
    );
}

#[test]
fn includes_render_relative_to_their_own_folder_with_guards() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().to_path_buf();
    std::fs::create_dir_all(root.join("includes")).unwrap();
    std::fs::write(
        root.join("includes/a.md"),
        "> [!TIP]\n> See [b](../b.md).\n\n[!INCLUDE [self](a.md)]\n",
    )
    .unwrap();
    std::fs::write(root.join("includes/short.md"), "short *text*\n").unwrap();
    let mut seen = Vec::new();
    let r = render(
        &RenderInput {
            body: "# T\n\n[!INCLUDE [a](includes/a.md)]\n\nInline [!INCLUDE [s](includes/short.md)] here. [!INCLUDE [x](../../etc/passwd)]\n",
            body_line: 1,
            language: "en",
            ids: IdStyle::GitHub,
            source_headings: None,
            file: &root.join("page.md"),
            dir: "",
            content_dirs: std::slice::from_ref(&root),
            alert_titles: &AlertTitles::default(),
        },
        &mut |l: &LinkRef<'_>| {
            seen.push((l.dir.to_string(), l.href.to_string(), l.line));
            None
        },
    );
    assert!(
        r.html.contains("<div class=\"alert alert-tip\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("Inline short <em>text</em> here."),
        "{}",
        r.html
    );
    assert_eq!(seen, [("includes".to_string(), "../b.md".to_string(), 2)]);
    let messages: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(r.diagnostics.len(), 2, "{messages:?}");
    assert!(
        messages[0].1.contains("cycle") && messages[0].0 == 4,
        "{messages:?}"
    );
    assert!(r.diagnostics[0].file.ends_with("includes/a.md"));
    assert!(messages[1].1.contains("outside"), "{messages:?}");
}

#[test]
fn docfx_fence_languages_become_classes() {
    let r = render_plain("```azurecli-interactive\naz login\n```\n\n``` csharp\nx\n```\n");
    assert!(
        r.html
            .contains("<code class=\"language-azurecli-interactive\">"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<code class=\"language-csharp\">"),
        "{}",
        r.html
    );
}

#[test]
fn a_task_checkbox_is_labelled_by_its_text() {
    let html = render_plain("- [x] Sign the *contract*\n- [ ] Invite users\n  - nested\n").html;
    assert!(
        html.contains(
            "<li><label class=\"task\"><input type=\"checkbox\" disabled checked> Sign the <em>contract</em></label></li>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<label class=\"task\"><input type=\"checkbox\" disabled> Invite users</label>\n<ul>"
        ),
        "{html}"
    );
    let loose = render_plain("- [ ] One\n\n- [x] Two\n").html;
    assert!(
        loose.contains(
            "<p><label class=\"task\"><input type=\"checkbox\" disabled> One</label></p>"
        ),
        "{loose}"
    );
}

#[test]
fn markers_are_found_in_order_without_overlapping() {
    for (text, marker, want) in [
        ("::::: x :::", ":::", vec![0, 8]),
        ("[![!x[ [!", "[!", vec![0, 2, 7]),
        ("::", ":::", vec![]),
        ("ğ:::ı::::::", ":::", vec![2, 7, 10]),
        ("", "[!", vec![]),
    ] {
        assert_eq!(markers(text, marker).collect::<Vec<_>>(), want, "{text:?}");
        assert_eq!(has_marker(text, marker), !want.is_empty(), "{text:?}");
    }
}
