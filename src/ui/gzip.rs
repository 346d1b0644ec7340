//! gzip by the browser's own `CompressionStream` and `DecompressionStream` (no compressor in
//! the wasm): the Sandbox writes the export of a busy playground compressed, because as JSON it
//! is larger than an import reads (`connect::exchange::MAX_FILE_BYTES`), and reads such a file
//! back, unpacking at most `connect::exchange::MAX_UNPACKED_BYTES`.

use crate::ui::download::js_text;
use connect::exchange::ImportError;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// web-sys binds these two only behind `web_sys_unstable_apis`; their constructors are all the
// page needs (each is the readable/writable pair `pipeThrough` takes).
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// `blob` compressed with gzip, as a `application/gzip` blob.
pub async fn compress(blob: &web_sys::Blob) -> Result<web_sys::Blob, String> {
    let gzip = CompressionStream::new("gzip").map_err(|e| js_text(&e))?;
    let stream = blob.stream().pipe_through(gzip.unchecked_ref());
    let response =
        web_sys::Response::new_with_opt_readable_stream(Some(&stream)).map_err(|e| js_text(&e))?;
    let read = response.blob().map_err(|e| js_text(&e))?;
    let packed: web_sys::Blob = JsFuture::from(read)
        .await
        .map_err(|e| js_text(&e))?
        .dyn_into()
        .map_err(|_| "the browser gave no file".to_string())?;
    // The same bytes, named as what they are, so a download is saved as gzip.
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/gzip");
    web_sys::Blob::new_with_blob_sequence_and_options(&js_sys::Array::of1(&packed), &options)
        .map_err(|e| js_text(&e))
}

/// The bytes `blob` unpacks to, read piece by piece and given up as soon as they pass `limit`
/// (a few kilobytes of gzip can unpack to gigabytes): [`ImportError::UnpacksTooLarge`] then, or
/// [`ImportError::NotGzip`] with the browser's reason when it is not gzip.
pub async fn decompress(blob: &web_sys::Blob, limit: usize) -> Result<Vec<u8>, ImportError> {
    let not_gzip = |e: JsValue| ImportError::NotGzip(js_text(&e));
    let gunzip = DecompressionStream::new("gzip").map_err(not_gzip)?;
    let stream = blob.stream().pipe_through(gunzip.unchecked_ref());
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let read: web_sys::ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(not_gzip)?
            .unchecked_into();
        if read.get_done().unwrap_or(false) {
            return Ok(bytes);
        }
        let piece = js_sys::Uint8Array::new(&read.get_value());
        let at = bytes.len();
        let end = at.saturating_add(piece.length() as usize);
        if end > limit {
            // Stops the unpacking; what it would still say is of no interest.
            let _ = reader.cancel();
            return Err(ImportError::UnpacksTooLarge);
        }
        bytes.resize(end, 0);
        piece.copy_to(&mut bytes[at..]);
    }
}
