//! The default theme, compiled into the binary: templates, static files and UI strings.

/// Every file under `theme/`, as `(path relative to theme/, bytes)`, sorted by path.
pub static FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// The theme files under `folder/` (e.g. `templates`), with the folder prefix removed.
pub fn files_under(folder: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    FILES.iter().filter_map(move |(path, bytes)| {
        path.strip_prefix(folder)
            .and_then(|p| p.strip_prefix('/'))
            .map(|p| (p, *bytes))
    })
}
