//! Accessibility: axe-core finds nothing wrong in the form at rest, with errors, queued and
//! sent, in both themes; and a German form can be filled and sent with the keyboard alone.

use leadform_demo::partner_page;
use thirtyfour::prelude::*;

use crate::*;

in_every_engine!(a_german_form_is_sent_with_the_keyboard_alone_and_axe_finds_nothing_in_any_state);

/// axe-core's browser build, which `cargo xtask test` installs from npm.
fn axe_source() -> String {
    let path = std::env::var_os("LEADFORM_AXE")
        .expect("LEADFORM_AXE is not set: run the end-to-end tests with `cargo xtask test`");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Runs axe on the form host (axe walks into its open shadow root) in `theme`, once its
/// transitions have ended, and returns
/// each violation as "rule: target", none when all is well. The page around the form is the
/// partner's, so the rules about a whole page's landmarks and headings are not the form's.
pub(crate) async fn violations(driver: &WebDriver, theme: &str) -> Vec<String> {
    let found = driver
        .execute_async(
            "const [theme, done] = [arguments[0], arguments[arguments.length - 1]];
             const host = document.querySelector('leadform-form');
             host.setAttribute('data-theme', theme);
             // Colours are judged at rest, not halfway through a transition (a button that
             // was busy fades back in).
             Promise.all(host.shadowRoot.getAnimations().map(animation => animation.finished.catch(() => null)))
               .then(() => axe.run(host, { rules: { region: { enabled: false }, 'page-has-heading-one': { enabled: false },
                                      'landmark-one-main': { enabled: false } } })
               .then(result => done(result.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + JSON.stringify(n.target) + ' ' + n.failureSummary))),
                     error => done(['axe failed: ' + error])));",
            vec![serde_json::Value::String(theme.to_owned())],
        )
        .await
        .expect("axe runs");
    serde_json::from_value(found.json().clone()).expect("a list of violations")
}

/// Both themes of the form in its current state.
pub(crate) async fn assert_accessible(driver: &WebDriver, state: &str) {
    for theme in ["light", "dark"] {
        let found = violations(driver, theme).await;
        assert!(found.is_empty(), "axe, {state}, {theme} theme: {found:#?}");
    }
}

pub(crate) async fn load_axe(driver: &WebDriver) {
    driver
        .execute(
            "const script = document.createElement('script'); script.textContent = arguments[0]; document.head.appendChild(script);",
            vec![serde_json::Value::String(axe_source())],
        )
        .await
        .expect("axe loads");
}

/// The id of the focused element inside the form.
pub(crate) async fn focused(driver: &WebDriver) -> String {
    let id = driver
        .execute(
            "const active = document.querySelector('leadform-form').shadowRoot.activeElement; return active ? active.id : '';",
            Vec::new(),
        )
        .await
        .expect("focus script");
    id.json().as_str().unwrap_or_default().to_owned()
}

pub(crate) async fn press(driver: &WebDriver, keys: impl Into<TypingData>) {
    driver
        .action_chain()
        .send_keys(keys)
        .perform()
        .await
        .expect("keys pressed");
}

async fn a_german_form_is_sent_with_the_keyboard_alone_and_axe_finds_nothing_in_any_state(
    engine: Engine,
) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    let german = partner_page(&demo.proxy_url).replace(
        "embed.js?form=demo-referral",
        "embed.js?form=demo-referral&locale=de",
    );
    serve_pages(partner, vec![("/", german)]);
    let sandbox = demo.sandbox.clone();
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        load_axe(&driver).await;
        assert_accessible(&driver, "at rest").await;

        // Tab from the top of the page into the form, and through it, answering as it goes;
        // the email is wrong the first time.
        let mut seen = Vec::new();
        for _ in 0..40 {
            press(&driver, Key::Tab).await;
            let id = focused(&driver).await;
            if seen.last() == Some(&id) {
                continue;
            }
            seen.push(id.clone());
            let is = |selector: String| id == ids::bare(&selector);
            let claim = ids::direction(FormDirection::Claim);
            if is(ids::control("company_name")) {
                press(&driver, "Globex").await;
            } else if is(ids::control("email")) {
                press(&driver, "ada@globex").await;
            } else if is(ids::control("sent_by_email")) {
                press(&driver, "pat@partner.example").await;
            } else if is(ids::consent()) {
                press(&driver, " ").await;
            } else if is(ids::direction(FormDirection::Send)) || is(claim.clone()) {
                // Arrows move within the group and choose; Tab leaves it.
                while focused(&driver).await != ids::bare(&claim) {
                    press(&driver, Key::Right).await;
                }
            }
            if root.find(".lf-submit:focus").await.is_ok() {
                break;
            }
        }
        assert!(
            root.find(".lf-submit:focus").await.is_ok(),
            "Tab reaches Send: {seen:?}"
        );
        press(&driver, Key::Enter).await;
        let error = eventually("the email error", || {
            visible_text(&root, ids::error("email"))
        })
        .await;
        assert!(error.contains("E-Mail"), "in German: {error}");
        assert_eq!(
            focused(&driver).await,
            ids::bare(&ids::control("email")),
            "focus goes to the first error"
        );
        assert_accessible(&driver, "with errors").await;

        // Fix the email where the focus already is, and send with Enter.
        press(&driver, ".example").await;
        press(&driver, Key::Enter).await;
        let thanks = eventually("the thank-you", || visible_text(&root, ".lf-success")).await;
        assert!(thanks.contains("Vielen Dank"), "{thanks}");
        assert_accessible(&driver, "sent").await;
        let leads = sandbox.leads();
        assert_eq!(leads.len(), 1, "one lead");
        let lead = &leads[0].request;
        assert_eq!(
            (lead.company_name.as_deref(), lead.email.as_deref()),
            (Some("Globex"), Some("ada@globex.example"))
        );
        let partnership = lead.partnership_lead.as_ref().expect("a partnership lead");
        assert_eq!(
            partnership.form_direction,
            Some(FormDirection::Claim),
            "chosen with the arrow keys"
        );

        // Queued: sent while the proxy is gone (the same note as offline; taking the browser
        // itself off the network needs Chromium's DevTools).
        driver.goto(&partner_url).await.expect("the page again");
        let root = shadow_root(&driver, "form.lf-form").await;
        load_axe(&driver).await;
        fill_lead(&driver, &root, "Initech", "ada@initech.example").await;
        demo.stop().await;
        driver.press(&element(&root, ".lf-submit").await).await;
        eventually("the note that the answers wait", || {
            visible_text(&root, ".lf-banner")
        })
        .await;
        assert_accessible(&driver, "queued").await;
    })
    .await;
}
