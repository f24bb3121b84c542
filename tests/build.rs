//! `kilavuz build` on whole sites: escaping of front matter text, drafts, template overrides,
//! and the bundled example site at the repository root.

mod common;

use common::{build_into, build_ok};
use tempfile::TempDir;

/// The text between the first `open` and the next `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in {html}"))
        + open.len();
    let end = html[start..].find(close).expect("closed") + start;
    &html[start..end]
}

#[test]
fn front_matter_text_is_escaped_in_title_heading_and_description() {
    let site = build_ok("escaping", &[]);
    let html = site.read("en-us/tricky/index.html");
    assert_eq!(
        between(&html, "<title>", "</title>"),
        "Q&amp;A &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; | Tools &amp; Tips"
    );
    assert_eq!(
        between(&html, "<h1>", "</h1>"),
        "Q&amp;A &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"
    );
    assert_eq!(
        between(&html, "<meta name=\"description\" content=\"", "\">"),
        "Fish &amp; chips &lt;script&gt;alert(&quot;d&quot;)&lt;/script&gt;"
    );
    for (file, html) in site.html_pages() {
        assert!(!html.contains("<script>alert"), "{file} runs front matter");
        assert!(!html.contains("Tools & Tips"), "{file}: raw `&` in output");
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = build_ok("drafts", &[]);
    assert!(site.exists("en-us/published/index.html"));
    assert!(
        !site.exists("en-us/upcoming/index.html"),
        "{:#?}",
        site.files()
    );
    for (file, html) in site.html_pages() {
        assert!(
            !html.contains("Upcoming feature"),
            "{file} mentions the draft"
        );
    }
    assert!(!site.read("sitemap.xml").contains("upcoming"));

    let with_drafts = build_ok("drafts", &["--drafts"]);
    let draft = with_drafts.read("en-us/upcoming/index.html");
    assert!(draft.contains("Upcoming feature"), "{draft}");
    assert!(with_drafts.read("sitemap.xml").contains("/en-us/upcoming/"));
}

#[test]
fn a_site_template_overrides_the_theme_template_of_the_same_name() {
    let site = build_ok("override", &[]);
    for page in ["en-us/page/index.html", "en-us/index.html", "404.html"] {
        let html = site.read(page);
        assert!(
            html.contains("<footer class=\"site-footer\" data-fixture=\"override\">Fixture footer for Override</footer>"),
            "{page}: {html}"
        );
        assert!(
            !html.contains("Built with kilavuz") && html.matches("<footer").count() == 1,
            "{page}: the theme footer is replaced, not added to"
        );
    }
    let theme = build_ok("drafts", &[]);
    assert!(
        !theme.read("en-us/index.html").contains("data-fixture"),
        "sites without the override keep the theme footer"
    );
}

#[test]
fn the_bundled_example_site_builds_without_a_single_diagnostic_under_strict() {
    let out = TempDir::new().unwrap();
    let run = build_into(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &out.path().join("public"),
        &["--strict"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    for page in [
        "index.html",
        "en-us/support/customer-support/index.html",
        "tr-tr/support/customer-support/index.html",
        "sitemap.xml",
    ] {
        assert!(out.path().join("public").join(page).is_file(), "{page}");
    }
}

/// The sidebar entries (their link texts) of one page.
fn sidebar(html: &str) -> Vec<&str> {
    between(html, "<ul class=\"nav-tree\">", "</details>")
        .split("<li class=\"nav-item")
        .skip(1)
        .map(|item| {
            between(item, "\">", "</a>")
                .rsplit('>')
                .next()
                .unwrap_or("")
        })
        .collect()
}

/// The titles of the 50 pages `Page 00`…`Page 49` a big-sidebar test writes, in order.
fn page_titles() -> impl Iterator<Item = (usize, String)> {
    (0..50).map(|n| (n, format!("Page {n:02}")))
}

/// A one-locale site in `dir/site` whose content folder `write` fills (a home page is there
/// already), built into `dir/out`.
fn one_locale(dir: &TempDir, write: impl FnOnce(&std::path::Path)) -> common::Run {
    let root = dir.path().join("site");
    let content = root.join("content/en-US");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        root.join("kilavuz.yaml"),
        "title: Big\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n",
    )
    .unwrap();
    std::fs::write(content.join("index.md"), "# Home\n").unwrap();
    write(&content);
    build_into(&root, &dir.path().join("out"), &[])
}

/// Builds [`one_locale`]; returns a reader of the built files, keeping the site's folder alive
/// in it.
fn build_one_locale(write: impl FnOnce(&std::path::Path)) -> impl Fn(&str) -> String {
    let dir = TempDir::new().unwrap();
    let run = one_locale(&dir, write);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    move |rel: &str| std::fs::read_to_string(dir.path().join("out").join(rel)).unwrap()
}

/// Writes the site's own `partials/nav-entry.html` beside `content` (its `content/en-US`).
fn nav_entry_template(content: &std::path::Path, template: &str) {
    let partials = content.join("../../templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(partials.join("nav-entry.html"), template).unwrap();
}

/// The sidebar entries of `html` that are one of the 50 pages.
fn listed_pages(html: &str) -> Vec<&str> {
    sidebar(html)
        .into_iter()
        .filter(|e| e.starts_with("Page "))
        .collect()
}

#[test]
fn a_big_section_lists_the_entries_around_the_page_and_links_to_all_of_them() {
    let read = build_one_locale(|content| {
        let big = content.join("big");
        std::fs::create_dir_all(&big).unwrap();
        std::fs::write(big.join("index.md"), "# Big\n").unwrap();
        for (n, title) in page_titles() {
            std::fs::write(big.join(format!("p{n:02}.md")), format!("# {title}\n")).unwrap();
        }
    });

    let last = read("en-us/big/p45/index.html");
    let pages = listed_pages(&last);
    assert_eq!(pages.len(), 40, "{pages:?}");
    assert_eq!((pages[0], pages[39]), ("Page 10", "Page 49"), "{pages:?}");
    assert!(last.contains("aria-current=\"page\">Page 45</a>"), "{last}");
    // Only the page itself is current (the breadcrumb's last item says so too), and only its
    // section is open: every other entry is listed closed.
    assert_eq!(last.matches("aria-current=\"page\"").count(), 2, "{last}");
    assert_eq!(last.matches(" is-current").count(), 1, "{last}");
    assert_eq!(last.matches(" is-open").count(), 2, "{last}");
    assert!(
        last.contains(
            "<li class=\"nav-item nav-all\"><a href=\"/en-us/big/\">All 50 pages</a></li>"
        ),
        "{last}"
    );

    let first = read("en-us/big/p00/index.html");
    let pages = listed_pages(&first);
    assert_eq!((pages[0], pages[39]), ("Page 00", "Page 39"));

    assert!(
        more_entries(&last).is_empty(),
        "a section links to its listing instead: {last}"
    );

    let listing = read("en-us/big/index.html");
    for (_, title) in page_titles() {
        assert!(listing.contains(&format!(">{title}</a>")), "{title}");
    }
}

/// The `(URL, title, text)` of each entry of `html`'s sidebar that stands for the entries a big
/// TOC level leaves out.
fn more_entries(html: &str) -> Vec<(&str, &str, &str)> {
    between(html, "<ul class=\"nav-tree\">", "</details>")
        .split("<li class=\"nav-item nav-more\"><a href=\"")
        .skip(1)
        .map(|entry| {
            let (url, rest) = entry.split_once("\" title=\"").unwrap();
            let (title, rest) = rest.split_once("\">").unwrap();
            (url, title, rest.split_once("</a>").unwrap().0)
        })
        .collect()
}

#[test]
fn a_big_toc_level_lists_the_entries_around_the_page() {
    // One group of 50 pages under a group without a page, and page 45 listed a second time at
    // the top level: both of its entries are open.
    let read = build_one_locale(|content| {
        let mut toc =
            String::from("- name: Start\n  href: index.md\n- name: Reference\n  items:\n");
        for (n, title) in page_titles() {
            std::fs::write(content.join(format!("p{n:02}.md")), format!("# {title}\n")).unwrap();
            toc.push_str(&format!("  - name: {title}\n    href: p{n:02}.md\n"));
        }
        toc.push_str("- name: Again 45\n  href: p45.md\n");
        std::fs::write(content.join("toc.yml"), toc).unwrap();
    });

    let last = read("en-us/p45/index.html");
    let pages = listed_pages(&last);
    assert_eq!(pages.len(), 40, "{pages:?}");
    assert_eq!((pages[0], pages[39]), ("Page 10", "Page 49"), "{pages:?}");
    let entries = sidebar(&last);
    assert_eq!(entries.first(), Some(&"Start"), "{entries:?}");
    assert_eq!(entries.last(), Some(&"Again 45"), "{entries:?}");
    assert_eq!(last.matches(" is-current").count(), 2, "{last}");
    assert_eq!(last.matches(" is-open").count(), 3, "{last}");
    assert!(
        last.contains("<a href=\"/en-us/p00/\">Reference</a>"),
        "the group links to its first page: {last}"
    );

    // The ten entries before the forty listed are one entry that links to the nearest of them.
    assert_eq!(
        more_entries(&last),
        [("/en-us/p09/", "Page 09", "10 more entries")]
    );

    let first = read("en-us/p00/index.html");
    let pages = listed_pages(&first);
    assert_eq!((pages[0], pages[39]), ("Page 00", "Page 39"), "{pages:?}");
    assert_eq!(first.matches(" is-current").count(), 1, "{first}");
    assert_eq!(
        more_entries(&first),
        [("/en-us/p40/", "Page 40", "10 more entries")]
    );

    let middle = read("en-us/p25/index.html");
    assert_eq!(
        more_entries(&middle),
        [
            ("/en-us/p04/", "Page 04", "5 more entries"),
            ("/en-us/p45/", "Page 45", "5 more entries"),
        ]
    );
    // Following the entry after the listed ones reaches every page the first sidebar leaves out.
    let next = read("en-us/p40/index.html");
    let mut reached: Vec<&str> = pages.iter().chain(&listed_pages(&next)).copied().collect();
    reached.sort_unstable();
    reached.dedup();
    assert_eq!(reached.len(), 50, "{reached:?}");

    assert_eq!(
        sidebar(&read("en-us/index.html")),
        ["Start", "Reference", "Again 45"],
        "a closed group lists no children"
    );
}

#[test]
fn a_static_file_on_a_page_path_is_an_error_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content/en-US")).unwrap();
    std::fs::create_dir_all(root.join("static/en-us/guide")).unwrap();
    std::fs::write(
        root.join("kilavuz.yaml"),
        "title: Clash\ndefault_locale: en-US\nlocales:\n  - {code: en-US, name: English}\n",
    )
    .unwrap();
    std::fs::write(root.join("content/en-US/index.md"), "# Home\n").unwrap();
    std::fs::write(root.join("content/en-US/guide.md"), "# Guide\n").unwrap();
    std::fs::write(root.join("static/en-us/guide/index.html"), "static copy").unwrap();
    let out = dir.path().join("out");
    let run = build_into(&root, &out, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.contains("static/en-us/guide/index.html")
                && d.contains("error[static.collision]")),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "a failed build writes no output");
    assert!(
        !dir.path().join(".out.kilavuz-staging").exists(),
        "a failed build removes its staging folder"
    );
}

#[test]
fn the_sites_nav_entry_template_renders_every_entry_off_the_pages_path() {
    let read = build_one_locale(|content| {
        nav_entry_template(
            content,
            "<li class=\"nav-item mine\" data-menu=\"{{ t.menu }}\"><a href=\"{{ entry.url }}\">\
             {{ entry.title }}!</a></li>\n",
        );
        let big = content.join("big");
        std::fs::create_dir_all(&big).unwrap();
        std::fs::write(big.join("index.md"), "# Big\n").unwrap();
        for (n, title) in page_titles() {
            std::fs::write(big.join(format!("p{n:02}.md")), format!("# {title}\n")).unwrap();
        }
        std::fs::write(
            content.join("tips.md"),
            "---\ntitle: Tips & <tricks>\n---\nText.\n",
        )
        .unwrap();
    });

    let page = read("en-us/big/p45/index.html");
    let sidebar = between(&page, "<ul class=\"nav-tree\">", "</details>");
    assert_eq!(
        sidebar
            .matches("<li class=\"nav-item mine\" data-menu=\"Menu\">")
            .count(),
        40,
        "the 39 other pages of the window and the closed top-level entry: {sidebar}"
    );
    assert!(
        sidebar.contains("<a href=\"/en-us/big/p44/\">Page 44!</a></li>"),
        "{sidebar}"
    );
    assert!(
        sidebar.contains("<a href=\"/en-us/tips/\">Tips &amp; &lt;tricks&gt;!</a></li>"),
        "a title is escaped in the entry template too: {sidebar}"
    );
    assert!(
        sidebar.contains("<li class=\"nav-item is-current is-open\"><a href=\"/en-us/big/p45/\" aria-current=\"page\">Page 45</a>"),
        "the page's own entry comes from nav.html: {sidebar}"
    );
    assert!(
        sidebar.contains("<li class=\"nav-item is-open\"><a href=\"/en-us/big/\">Big</a>"),
        "so does its open section: {sidebar}"
    );
}

#[test]
fn the_sidebar_template_gets_each_run_of_entries_off_the_path_as_one_item() {
    let read = build_one_locale(|content| {
        nav_entry_template(content, "<i>{{ entry.title }}</i>\n");
        std::fs::write(
            content.join("../../templates/partials/nav.html"),
            "<nav>{% for l1 in nav %}{% if not l1.html %}{% for l2 in l1.children %}[\
             {% if l2.html %}{{ l2.html }}{% else %}{{ l2.title }}{% endif %}]{% endfor %}\
             {% endif %}{% endfor %}</nav>",
        )
        .unwrap();
        let big = content.join("big");
        std::fs::create_dir_all(&big).unwrap();
        std::fs::write(big.join("index.md"), "# Big\n").unwrap();
        for (n, title) in page_titles() {
            std::fs::write(big.join(format!("p{n:02}.md")), format!("# {title}\n")).unwrap();
        }
    });

    let page = read("en-us/big/p45/index.html");
    let run = |pages: std::ops::Range<usize>| {
        pages
            .map(|n| format!("<i>Page {n:02}</i>"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let expected = format!("<nav>[{}][Page 45][{}]</nav>", run(10..45), run(46..50));
    assert!(page.contains(&expected), "{expected}\n{page}");
}

#[test]
fn a_nav_entry_template_that_fails_is_an_error_and_nothing_is_written() {
    let dir = TempDir::new().unwrap();
    let run = one_locale(&dir, |content| {
        nav_entry_template(content, "<li>{{ entry.titel }}</li>\n");
        std::fs::write(content.join("guide.md"), "# Guide\n").unwrap();
    });
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.contains("error[template.render]")
                && d.contains("templates/partials/nav-entry.html")
                && d.contains("titel")),
        "{}",
        run.stderr
    );
    assert!(
        !dir.path().join("out").exists(),
        "a failed build writes no output"
    );
}
