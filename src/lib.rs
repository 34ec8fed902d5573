//! The leadform widget: a Leptos form mounted into a shadow root by `embed/embed.js`.
//! Every rule it checks comes from leadform-core, the same code the proxy runs.

#[cfg(feature = "component")]
pub mod api;
#[cfg(feature = "component")]
pub mod component;
pub mod components;
#[cfg(not(feature = "ssr"))]
pub mod definition_reader;
#[cfg(all(feature = "component", not(feature = "ssr")))]
pub mod device_storage;
pub mod form_state;
pub mod initial_answers;
mod js_value;
pub mod json;
pub mod locales;
#[cfg(not(feature = "ssr"))]
pub mod mount;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod storage_keys;
pub mod submit;
pub mod texts;

#[cfg(feature = "component")]
pub use component::LeadForm;
#[cfg(not(feature = "ssr"))]
pub use mount::{MountedForm, mount};
#[cfg(feature = "ssr")]
pub use prerender::prerender;

/// The widget's allocator: a small free list that merges neighbouring free blocks, in place of
/// std's dlmalloc. With patches/send_wrapper (std's thread handle, which send_wrapper asked
/// for, is made with dlmalloc whatever the global allocator), 4.3 KB brotli less on every
/// partner page. Locked, so that making it needs no `unsafe`; without threads the lock is a
/// plain flag.
///
/// Only in the script-tag bundle: a Leptos app that links the component chooses its own.
#[cfg(all(target_arch = "wasm32", not(feature = "component")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
