//! The optional photo (R9): read from the file input, decoded by the
//! browser, drawn at most `MAX_SIDE` pixels on its longer side onto a
//! canvas and re-encoded as JPEG — so a phone's 12-megapixel picture goes
//! out as a few hundred kilobytes. The server re-checks type and size.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap};

use super::state::{Photo, fit};

/// The longest side of a sent photo, in pixels.
pub const MAX_SIDE: u32 = 1600;
/// JPEG quality of a sent photo.
const QUALITY: f64 = 0.85;
/// The types the file input accepts (the server accepts the same).
pub const ACCEPT: &str = "image/jpeg,image/png,image/webp";

/// Why a chosen file cannot be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoProblem {
    /// Not a JPEG, PNG or WebP image (or the browser cannot decode it).
    Type,
    /// Still over the server's limit after downscaling.
    TooLarge,
}

/// The chosen file, downscaled and re-encoded as JPEG.
pub async fn prepare(file: File) -> Result<Photo, PhotoProblem> {
    if !ACCEPT.split(',').any(|t| t == file.type_()) {
        return Err(PhotoProblem::Type);
    }
    let window = web_sys::window().ok_or(PhotoProblem::Type)?;
    let decoding = window
        .create_image_bitmap_with_blob(&file)
        .map_err(|_| PhotoProblem::Type)?;
    let bitmap: ImageBitmap = JsFuture::from(decoding)
        .await
        .map_err(|_| PhotoProblem::Type)?
        .unchecked_into();
    let (width, height) = fit(bitmap.width(), bitmap.height(), MAX_SIDE);
    let bytes = encode(&bitmap, width, height)
        .await
        .ok_or(PhotoProblem::Type)?;
    bitmap.close();
    if bytes.len() > resq_core::report::PHOTO_MAX_BYTES {
        return Err(PhotoProblem::TooLarge);
    }
    Ok(Photo {
        name: file.name(),
        bytes,
    })
}

async fn encode(bitmap: &ImageBitmap, width: u32, height: u32) -> Option<Vec<u8>> {
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    // JPEG has no transparency: a transparent PNG goes on white, not black.
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(
            bitmap,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .ok()?;
    let blob = Promise::new(&mut |resolve, _reject| {
        let _ = canvas.to_blob_with_type_and_encoder_options(
            &resolve,
            "image/jpeg",
            &JsValue::from_f64(QUALITY),
        );
    });
    let blob: Blob = JsFuture::from(blob).await.ok()?.dyn_into().ok()?;
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}
