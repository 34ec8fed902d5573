//! The stand-in behaves like wasm-streams where server_fn relies on it, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use futures_util::StreamExt;
use futures_util::stream;
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wasm_streams::ReadableStream;

wasm_bindgen_test_configure!(run_in_browser);

fn text(chunk: &Result<JsValue, JsValue>) -> Result<String, String> {
    match chunk {
        Ok(value) => Ok(value.as_string().unwrap_or_default()),
        Err(error) => Err(error.as_string().unwrap_or_default()),
    }
}

#[wasm_bindgen_test]
async fn a_rust_stream_comes_back_chunk_by_chunk_through_the_web_stream() {
    let chunks = ["lead", "form", "!"].map(|chunk| Ok(JsValue::from_str(chunk)));
    let raw = ReadableStream::from_stream(stream::iter(chunks)).into_raw();
    let read: Vec<_> = ReadableStream::from_raw(raw).into_stream().collect().await;
    let read: Vec<_> = read.iter().map(text).collect();
    assert_eq!(read, [Ok("lead".into()), Ok("form".into()), Ok("!".into())]);
}

#[wasm_bindgen_test]
async fn an_error_item_errors_the_web_stream_after_the_chunks_before_it() {
    let chunks = vec![
        Ok(JsValue::from_str("first")),
        Err(JsValue::from_str("boom")),
    ];
    let raw = ReadableStream::from_stream(stream::iter(chunks)).into_raw();
    let read: Vec<_> = ReadableStream::from_raw(raw).into_stream().collect().await;
    let read: Vec<_> = read.iter().map(text).collect();
    assert_eq!(read, [Ok("first".into()), Err("boom".into())]);
}

#[wasm_bindgen_test]
async fn a_browser_made_stream_reads_as_its_bytes() {
    let response = web_sys::Response::new_with_opt_str(Some("leadform")).expect("response");
    let body = response.body().expect("a body");
    let mut bytes = Vec::new();
    let mut chunks = ReadableStream::from_raw(body).into_stream();
    while let Some(chunk) = chunks.next().await {
        bytes.extend(Uint8Array::new(&chunk.expect("a chunk")).to_vec());
    }
    assert_eq!(bytes, b"leadform");
}

#[wasm_bindgen_test]
async fn cancelling_the_web_stream_drops_the_rust_stream() {
    struct DropFlag(Rc<Cell<bool>>);
    impl Drop for DropFlag {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    let dropped = Rc::new(Cell::new(false));
    let flag = DropFlag(dropped.clone());
    let endless = stream::repeat_with(move || {
        let _keep = &flag;
        Ok(JsValue::from_str("more"))
    });
    let raw = ReadableStream::from_stream(endless).into_raw();
    JsFuture::from(raw.cancel()).await.expect("cancelled");
    assert!(dropped.get());
}
