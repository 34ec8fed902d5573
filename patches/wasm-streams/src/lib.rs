//! The part of [wasm-streams](https://crates.io/crates/wasm-streams) 0.5 that leptos'
//! `server_fn` calls: [`ReadableStream::from_stream`], [`ReadableStream::from_raw`],
//! [`ReadableStream::into_raw`] and [`ReadableStream::into_stream`], with the same behaviour.
//!
//! Why it exists: leptos links `server_fn`'s browser client into every app, and wasm-streams
//! exports three `#[wasm_bindgen]` classes (`IntoUnderlyingSource`, …). Exports are roots the
//! linker must keep, so their futures machinery and JS glue ship in the widget although it
//! has no server functions: 6.4 KB brotli of its 90 KB budget. Here the JS side of a stream
//! is made of closures created at run time, which the compiler drops with the code that would
//! create them. The workspace's `[patch.crates-io]` puts this crate in wasm-streams' place;
//! `cargo xtask build`'s size budget fails if the patch ever stops applying.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_util::stream::{LocalBoxStream, Stream, StreamExt};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};
use web_sys::{ReadableStreamDefaultController, ReadableStreamDefaultReader};

/// A web `ReadableStream`.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a stream made by the browser (e.g. a `fetch` response body).
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// A web stream that pulls its chunks from `stream`. An `Err` item errors the web stream;
    /// cancelling the web stream drops `stream`.
    pub fn from_stream<St>(stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        type Shared = Rc<RefCell<Option<LocalBoxStream<'static, Result<JsValue, JsValue>>>>>;
        let shared: Shared = Rc::new(RefCell::new(Some(stream.boxed_local())));
        let pulled = shared.clone();
        // The web stream calls `pull` again only once the previous promise has settled, so
        // the Rust stream is taken out for the wait and never borrowed twice.
        let pull = Closure::<dyn FnMut(ReadableStreamDefaultController) -> Promise>::new(
            move |controller: ReadableStreamDefaultController| {
                let shared = pulled.clone();
                future_to_promise(async move {
                    let Some(mut stream) = shared.borrow_mut().take() else {
                        return Ok(JsValue::UNDEFINED);
                    };
                    match stream.next().await {
                        Some(Ok(chunk)) => {
                            controller.enqueue_with_chunk(&chunk)?;
                            *shared.borrow_mut() = Some(stream);
                        }
                        Some(Err(error)) => controller.error_with_e(&error),
                        None => controller.close()?,
                    }
                    Ok(JsValue::UNDEFINED)
                })
            },
        );
        let cancel = Closure::<dyn FnMut(JsValue)>::new(move |_reason: JsValue| {
            shared.borrow_mut().take();
        });
        let source = Object::new();
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&source, &"pull".into(), &pull.into_js_value());
        let _ = Reflect::set(&source, &"cancel".into(), &cancel.into_js_value());
        let raw = web_sys::ReadableStream::new_with_underlying_source(&source)
            .expect_throw("ReadableStream with a pull source");
        Self { raw }
    }

    /// The web stream, e.g. to use as a `fetch` body.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// The web stream's chunks as a Rust stream; a read error ends it after one `Err`.
    pub fn into_stream(self) -> IntoStream {
        let reader: ReadableStreamDefaultReader = self.raw.get_reader().unchecked_into();
        let chunks = futures_util::stream::unfold(Some(reader), |reader| async move {
            let reader = reader?;
            match JsFuture::from(reader.read()).await {
                Ok(result) => {
                    let done = Reflect::get(&result, &"done".into())
                        .map(|done| done.is_truthy())
                        .unwrap_or(true);
                    if done {
                        None
                    } else {
                        let value = Reflect::get(&result, &"value".into()).unwrap_or_default();
                        Some((Ok(value), Some(reader)))
                    }
                }
                Err(error) => Some((Err(error), None)),
            }
        });
        IntoStream {
            chunks: chunks.boxed_local(),
        }
    }
}

/// The chunks of a web stream, from [`ReadableStream::into_stream`].
pub struct IntoStream {
    chunks: LocalBoxStream<'static, Result<JsValue, JsValue>>,
}

impl Stream for IntoStream {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.poll_next_unpin(cx)
    }
}
