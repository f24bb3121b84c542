//! Image dimensions for `<img width height>`, read from the file's header (PNG, JPEG, GIF,
//! WebP, …) without decoding it. This module is the only user of imagesize.

use std::path::Path;

/// The width and height of the image at `path`, when its header says.
pub fn size(path: &Path) -> Option<(u32, u32)> {
    let size = imagesize::size(path).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}
