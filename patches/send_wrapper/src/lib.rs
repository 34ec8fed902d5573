//! `SendWrapper<T>`: a value that may move between threads but is only used, and dropped, on
//! the thread that made it; using it anywhere else panics. The same API as send_wrapper 0.6,
//! which leptos, tachys and reactive_graph use to hold the DOM's values in `Send` types.
//!
//! Why a stand-in: send_wrapper asks `std::thread::current()` for the thread on every new
//! wrapper and every use. On wasm32 without atomics, where the widget runs, there is one
//! thread, so the answer is always the same; and `std::thread::current()` makes the thread's
//! handle with the system allocator (so that a global allocator may itself ask for the
//! thread), which keeps dlmalloc in the wasm beside the widget's own allocator. Without the
//! question, the widget's bundle is 4.3 KB brotli smaller. Everywhere else (the proxy renders
//! the same components on a multi-threaded server) the thread is checked as send_wrapper does.

use std::fmt;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

/// A value that may cross threads but is only touched on the one that made it.
pub struct SendWrapper<T> {
    data: ManuallyDrop<T>,
    thread: ThreadMark,
}

impl<T> SendWrapper<T> {
    /// Wraps `data`, which belongs to the current thread from now on.
    pub fn new(data: T) -> Self {
        Self {
            data: ManuallyDrop::new(data),
            thread: ThreadMark::current(),
        }
    }

    /// Whether the value may be used here: this is the thread that made it.
    pub fn valid(&self) -> bool {
        self.thread == ThreadMark::current()
    }

    /// The value itself.
    ///
    /// # Panics
    /// On another thread than the one that made it.
    #[track_caller]
    pub fn take(self) -> T {
        self.check("took");
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never used again and, being `ManuallyDrop`, never dropped, so the
        // value is moved out exactly once; and this is its thread.
        #[allow(unsafe_code)]
        unsafe {
            ManuallyDrop::take(&mut this.data)
        }
    }

    #[track_caller]
    fn check(&self, what: &str) {
        if !self.valid() {
            wrong_thread(what);
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn wrong_thread(what: &str) -> ! {
    panic!("{what} a SendWrapper<T> on another thread than the one that made it")
}

// SAFETY: the value is only reached through `take`, `deref`, `deref_mut`, `poll` and `drop`,
// each of which checks first that it is on the thread that made it (and panics otherwise), so
// the value itself never crosses a thread, whatever `T` is.
#[allow(unsafe_code)]
unsafe impl<T> Send for SendWrapper<T> {}
// SAFETY: as for `Send`: a shared reference only reaches the value through `deref`, which
// checks the thread.
#[allow(unsafe_code)]
unsafe impl<T> Sync for SendWrapper<T> {}

impl<T> Deref for SendWrapper<T> {
    type Target = T;

    #[track_caller]
    fn deref(&self) -> &T {
        self.check("used");
        &self.data
    }
}

impl<T> DerefMut for SendWrapper<T> {
    #[track_caller]
    fn deref_mut(&mut self) -> &mut T {
        self.check("used");
        &mut self.data
    }
}

impl<T> Drop for SendWrapper<T> {
    #[track_caller]
    fn drop(&mut self) {
        // A value that needs no drop may be forgotten on any thread.
        if std::mem::needs_drop::<T>() {
            self.check("dropped");
            // SAFETY: `drop` runs once and the value is not used after it; this is its
            // thread (checked above).
            #[allow(unsafe_code)]
            unsafe {
                ManuallyDrop::drop(&mut self.data);
            }
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for SendWrapper<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendWrapper")
            .field("data", self.deref())
            .finish()
    }
}

impl<T: Clone> Clone for SendWrapper<T> {
    #[track_caller]
    fn clone(&self) -> Self {
        Self::new(self.deref().clone())
    }
}

#[cfg(feature = "futures")]
mod futures {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use futures_core::Stream;

    use super::SendWrapper;

    impl<F: Future> Future for SendWrapper<F> {
        type Output = F::Output;

        #[track_caller]
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            self.check("polled");
            // SAFETY: the future is never moved out of a pinned wrapper: `take` needs the
            // wrapper by value, which a pinned one cannot give.
            #[allow(unsafe_code)]
            let future = unsafe { self.map_unchecked_mut(|wrapper| &mut *wrapper.data) };
            future.poll(cx)
        }
    }

    impl<S: Stream> Stream for SendWrapper<S> {
        type Item = S::Item;

        #[track_caller]
        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
            self.check("polled");
            // SAFETY: as for `Future::poll`.
            #[allow(unsafe_code)]
            let stream = unsafe { self.map_unchecked_mut(|wrapper| &mut *wrapper.data) };
            stream.poll_next(cx)
        }

        fn size_hint(&self) -> (usize, Option<usize>) {
            self.data.size_hint()
        }
    }
}

/// Which thread made a wrapper.
#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
#[derive(Clone, Copy, PartialEq, Eq)]
struct ThreadMark(std::thread::ThreadId);

#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
impl ThreadMark {
    fn current() -> Self {
        Self(std::thread::current().id())
    }
}

/// Which thread made a wrapper: wasm32 without atomics has only the one.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[derive(Clone, Copy, PartialEq, Eq)]
struct ThreadMark;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
impl ThreadMark {
    fn current() -> Self {
        Self
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;
    use std::thread;

    use super::SendWrapper;

    #[test]
    fn its_thread_uses_takes_and_drops_the_value() {
        let mut wrapped = SendWrapper::new(Rc::new(vec![1]));
        assert!(wrapped.valid());
        Rc::make_mut(&mut wrapped).push(2);
        assert_eq!(**wrapped, [1, 2]);
        let copy = wrapped.clone();
        assert_eq!(*wrapped.take(), [1, 2]);
        assert_eq!(**copy, [1, 2]);
    }

    #[test]
    fn another_thread_may_hold_it_but_not_use_or_drop_it() {
        let wrapped = SendWrapper::new(Rc::new(1));
        let (valid, used) = thread::spawn(move || {
            let valid = wrapped.valid();
            let used = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| **wrapped));
            // Dropping here would panic too; it goes back untouched.
            std::mem::forget(wrapped);
            (valid, used.is_ok())
        })
        .join()
        .expect("the thread ends");
        assert!(!valid);
        assert!(!used, "using the value on another thread panics");
        let dropped = thread::spawn(move || drop(SendWrapper::new(Rc::new(1))));
        assert!(
            dropped.join().is_ok(),
            "a wrapper dropped where it was made is fine"
        );
    }

    #[cfg(feature = "futures")]
    #[test]
    fn a_wrapped_future_runs_on_its_thread() {
        let answer = futures_util::future::FutureExt::now_or_never(SendWrapper::new(async { 42 }));
        assert_eq!(answer, Some(42));
    }
}
