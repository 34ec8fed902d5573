//! What every request handler shares.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use arc_swap::ArcSwap;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::abuse::fill_token::{FillTokenSettings, FillTokens, TokenKeys};
use crate::abuse::visitor_limits::{SubmissionLimiter, SubmissionLimits};
use crate::config::bundle::WidgetBundle;
use crate::config::{FormConfig, ProxyConfig};
use crate::delivery::Delivery;
use crate::http::refusal::RequestError;
use crate::server::limits::ServerLimits;

/// The proxy's shared state: the forms, the widget bundle and the delivery machinery.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
    limits: ServerLimits,
    /// Places for requests being served; shared by every route and clone.
    in_flight: Arc<Semaphore>,
    submissions: Arc<SubmissionLimiter>,
}

struct Inner {
    /// The forms file as last loaded; a reload swaps it whole, so a request sees one
    /// version from start to end.
    forms: ArcSwap<Forms>,
    delivery: Delivery,
    bundle: WidgetBundle,
    /// Swapped whole when the keys are rotated.
    fill_tokens: ArcSwap<FillTokens>,
}

/// One version of the forms file, and what is made from it.
struct Forms {
    by_id: HashMap<String, Arc<PublishedForm>>,
}

impl Forms {
    fn new(config: ProxyConfig) -> Self {
        let by_id = config
            .forms
            .into_iter()
            .map(|form| {
                (
                    form.definition.id.clone(),
                    Arc::new(PublishedForm::new(form)),
                )
            })
            .collect();
        Self { by_id }
    }
}

/// A form as one version of the forms file publishes it: its settings (which it
/// dereferences to) and the loader's answers in every language the widget speaks (in the
/// order of `leadform::locales::LOCALES`): the definition, the form rendered to HTML and the
/// widget's words. Made once per version, as they only change with it.
pub struct PublishedForm {
    config: FormConfig,
    answers: Vec<LoaderAnswer>,
}

/// The loader's answer in one language, as `/embed` sends it and as `/embed.js?form=`
/// carries it.
struct LoaderAnswer {
    locale: &'static str,
    embed: Arc<str>,
    carried: Arc<str>,
}

impl PublishedForm {
    fn new(config: FormConfig) -> Self {
        let speaks: Vec<&str> = leadform::locales::LOCALES
            .iter()
            .map(|(locale, _)| *locale)
            .collect();
        let answers = leadform::locales::LOCALES
            .iter()
            .map(|&(locale, table)| {
                let embed = embed_answer(&config, locale, table);
                let carried = carried_answer(&config.definition.id, &speaks, &embed);
                LoaderAnswer {
                    locale,
                    embed: Arc::from(embed),
                    carried: Arc::from(carried),
                }
            })
            .collect();
        Self { config, answers }
    }

    /// The loader's answer in the first of the `wanted` languages (comma-separated tags,
    /// most wanted first) the widget speaks.
    pub fn embed(&self, wanted: &str) -> Arc<str> {
        self.in_language(wanted)
            .map_or_else(|| Arc::from(""), |answer| answer.embed.clone())
    }

    /// What `/embed.js?form=` carries for a page on an allowed origin, in the first of the
    /// `wanted` languages the widget speaks: a JavaScript string of
    /// `{"form","speaks","answer"}` (embed/src/types.d.ts, `Inline`), the answer as
    /// [`PublishedForm::embed`] gives it. A string the loader reads with `JSON.parse`, which
    /// browsers read faster than an object literal.
    pub fn carried(&self, wanted: &str) -> Arc<str> {
        self.in_language(wanted)
            .map_or_else(|| Arc::from("null"), |answer| answer.carried.clone())
    }

    fn in_language(&self, wanted: &str) -> Option<&LoaderAnswer> {
        let locale = leadform::locales::negotiate(wanted.split(','));
        self.answers.iter().find(|answer| answer.locale == locale)
    }
}

impl std::ops::Deref for PublishedForm {
    type Target = FormConfig;

    fn deref(&self) -> &FormConfig {
        &self.config
    }
}

impl AppState {
    pub fn new(config: ProxyConfig, delivery: Delivery, bundle: WidgetBundle) -> Self {
        let limits = ServerLimits::default();
        Self {
            inner: Arc::new(Inner {
                forms: ArcSwap::from_pointee(Forms::new(config)),
                delivery,
                bundle,
                fill_tokens: ArcSwap::from_pointee(FillTokens::new(
                    TokenKeys::generate(),
                    FillTokenSettings::default(),
                )),
            }),
            in_flight: Arc::new(Semaphore::new(limits.max_in_flight)),
            limits,
            submissions: Arc::new(SubmissionLimiter::new(&SubmissionLimits::default())),
        }
    }

    /// The same state under other limits on submissions.
    pub fn with_submission_limits(self, limits: &SubmissionLimits) -> Self {
        Self {
            submissions: Arc::new(SubmissionLimiter::new(limits)),
            ..self
        }
    }

    /// The same state issuing and checking fill tokens with `tokens` (by default: a key of
    /// its own, made at start, and the default times).
    pub fn with_fill_tokens(self, tokens: FillTokens) -> Self {
        self.inner.fill_tokens.store(Arc::new(tokens));
        self
    }

    /// The fill tokens as they are now.
    pub fn fill_tokens(&self) -> Arc<FillTokens> {
        self.inner.fill_tokens.load_full()
    }

    /// Signs with the first of `keys` from now on and accepts the others (a rotation).
    pub fn reload_token_keys(&self, keys: TokenKeys) {
        let tokens = self.fill_tokens().with_keys(keys);
        self.inner.fill_tokens.store(Arc::new(tokens));
    }

    pub fn submission_limiter(&self) -> &SubmissionLimiter {
        &self.submissions
    }

    /// The same state under other limits.
    pub fn with_limits(self, limits: ServerLimits) -> Self {
        Self {
            in_flight: Arc::new(Semaphore::new(limits.max_in_flight)),
            limits,
            ..self
        }
    }

    pub fn limits(&self) -> ServerLimits {
        self.limits
    }

    /// A place for one more request, if the proxy has one.
    pub fn admit_request(&self) -> Option<OwnedSemaphorePermit> {
        self.in_flight.clone().try_acquire_owned().ok()
    }

    /// The form with this public id. Behind the origin guard, a handler takes the one it
    /// found (`origin_guard::GuardedForm`) instead of asking again.
    pub fn form(&self, id: &str) -> Result<Arc<PublishedForm>, RequestError> {
        self.inner
            .forms
            .load()
            .by_id
            .get(id)
            .cloned()
            .ok_or_else(|| RequestError::FormNotFound(id.chars().take(100).collect()))
    }

    /// Serves `config` from now on, in place of the forms file loaded before (a request
    /// under way finishes with the version it started with). Returns how many forms it has.
    pub fn reload(&self, config: ProxyConfig) -> usize {
        let forms = Forms::new(config);
        let count = forms.by_id.len();
        self.inner.forms.store(Arc::new(forms));
        count
    }

    pub fn delivery(&self) -> &Delivery {
        &self.inner.delivery
    }

    pub fn bundle(&self) -> &WidgetBundle {
        &self.inner.bundle
    }
}

/// `{"locale", "definition", "html", "texts", "prefill", "redirect"}`: the form in one
/// language, what the page may prefill from its URL and where to go after success.
/// `{"form","speaks","answer"}` as a JavaScript string literal (a JSON string is one).
fn carried_answer(form_id: &str, speaks: &[&str], embed: &str) -> String {
    let inline = format!(
        "{{\"form\":{},\"speaks\":{},\"answer\":{embed}}}",
        serde_json::to_string(form_id).unwrap_or_default(),
        serde_json::to_string(speaks).unwrap_or_default(),
    );
    serde_json::to_string(&inline).unwrap_or_default()
}

fn embed_answer(form: &FormConfig, locale: &str, table: &str) -> String {
    let translation = form.locales.get(locale);
    let definition = translation.map_or_else(
        || form.definition.clone(),
        |translation| form.definition.translated(translation),
    );
    // The tables are checked by the widget's tests; one that did not parse would show keys.
    // Sorted, so every replica sends the same bytes.
    let mut texts: BTreeMap<String, String> = serde_json::from_str(table).unwrap_or_default();
    if let Some(translation) = translation {
        texts.extend(translation.texts.clone());
    }
    let html = leadform::prerender(
        &definition,
        &leadform::texts::Texts::from_map(texts.clone()),
    );
    serde_json::json!({
        "locale": locale,
        "definition": definition,
        "html": html,
        "texts": texts,
        "prefill": form.trusted.url_prefill,
        "redirect": form.trusted.success_redirect,
    })
    .to_string()
}
