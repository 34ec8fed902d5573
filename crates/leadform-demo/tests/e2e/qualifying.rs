//! Forms that qualify a lead, in every engine: the reseller number appears only for
//! resellers and is not sent once unpicked; a three-step form is filled with the keyboard,
//! with Back in the middle and a reload that comes back to step 2, and axe finds nothing on
//! any step; a free-mail address is refused in German, and a typo suggestion is taken.

use leadform_core::CustomFieldValue;
use leadform_demo::{partner_page, qualified_page};
use thirtyfour::prelude::*;

use crate::accessibility::{assert_accessible, focused, load_axe, press};
use crate::offline::Operator;
use crate::*;

in_every_engine!(
    the_reseller_number_appears_only_for_resellers_and_is_not_sent_once_unpicked,
    a_form_in_three_steps_is_sent_with_the_keyboard_with_back_and_a_reload_and_axe_on_every_step,
    free_mail_is_refused_in_german_and_a_mistyped_provider_is_corrected_in_one_press,
    a_form_in_steps_sent_with_the_proxy_down_is_delivered_once_on_the_next_visit,
);

/// Whether question `question`'s field is on screen.
async fn question_shown(root: &FormRoot, question: &str) -> bool {
    let control = root
        .find(ids::control(question))
        .await
        .expect("the control exists, shown or not");
    control.is_displayed().await.unwrap_or(false)
}

/// Picks the `steps`-th option of a select with the arrow keys (the first is "Choose…").
async fn pick_with_arrows(driver: &Browser, select: &WebElement, steps: usize, up: bool) {
    driver.focus(select).await;
    for _ in 0..steps {
        driver.keys(if up { Key::Up } else { Key::Down }).await;
    }
}

/// Waits until the focus is on the step's heading, where Next and Back put it.
async fn heading_focused(root: &FormRoot) {
    eventually("focus on the step's heading", || async {
        root.find(".lf-step-title:focus").await.ok().map(|_| ())
    })
    .await;
}

/// Waits until step `step` of the demo's three is shown.
async fn until_step(root: &FormRoot, step: usize) {
    let wanted = format!("Step {step} of 3");
    eventually(&wanted, || async {
        (progress(root).await == wanted).then_some(())
    })
    .await;
}

async fn progress(root: &FormRoot) -> String {
    visible_text(root, ".lf-progress").await.unwrap_or_default()
}

async fn the_reseller_number_appears_only_for_resellers_and_is_not_sent_once_unpicked(
    engine: Engine,
) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    serve_pages(partner, vec![("/", qualified_page(&demo.proxy_url))]);
    let sandbox = demo.sandbox.clone();
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        assert!(
            !question_shown(&root, "custom_13").await,
            "asked of resellers only"
        );
        let select = element(&root, ids::control("custom_12")).await;
        pick_with_arrows(&driver, &select, 2, false).await;
        eventually("the reseller number", || async {
            question_shown(&root, "custom_13").await.then_some(())
        })
        .await;
        driver
            .type_into(&element(&root, ids::control("custom_13")).await, "R-7781")
            .await;
        pick_with_arrows(&driver, &select, 1, true).await;
        eventually("the reseller number gone", || async {
            (!question_shown(&root, "custom_13").await).then_some(())
        })
        .await;

        // Through the steps with the referral picked, and sent.
        driver
            .type_into(
                &element(&root, ids::control("company_name")).await,
                "Globex",
            )
            .await;
        driver
            .type_into(
                &element(&root, ids::control("email")).await,
                "ada@globex.example",
            )
            .await;
        driver.press(&element(&root, ".lf-submit").await).await;
        until_step(&root, 2).await;
        driver.press(&element(&root, ".lf-submit").await).await;
        until_step(&root, 3).await;
        driver
            .type_into(
                &element(&root, ids::control("sent_by_email")).await,
                "pat@partner.example",
            )
            .await;
        driver.press(&element(&root, ids::consent()).await).await;
        driver.press(&element(&root, ".lf-submit").await).await;
        eventually("the thank-you", || visible_text(&root, ".lf-success")).await;
        let leads = sandbox.leads();
        assert_eq!(leads.len(), 1);
        let sent = serde_json::to_string(&leads[0].request).expect("JSON");
        assert!(
            !sent.contains("R-7781"),
            "the unpicked reseller number was sent: {sent}"
        );
        let partner_type = leads[0]
            .request
            .custom_fields
            .iter()
            .flatten()
            .find(|entry| entry.custom_field_id == 12)
            .map(|entry| entry.value.clone());
        assert_eq!(partner_type, Some(CustomFieldValue::Select(1)));
    })
    .await;
}

async fn a_form_in_three_steps_is_sent_with_the_keyboard_with_back_and_a_reload_and_axe_on_every_step(
    engine: Engine,
) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    serve_pages(partner, vec![("/", qualified_page(&demo.proxy_url))]);
    let sandbox = demo.sandbox.clone();
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        load_axe(&driver).await;
        assert_eq!(progress(&root).await, "Step 1 of 3");
        assert_accessible(&driver, "step 1").await;

        // Step 1: typed, and Enter in a one-line input moves on.
        driver
            .focus(&element(&root, ids::control("company_name")).await)
            .await;
        press(&driver, "Globex").await;
        press(&driver, Key::Tab).await;
        press(&driver, "ada@globex.example").await;
        press(&driver, Key::Enter).await;
        until_step(&root, 2).await;
        assert_eq!(
            visible_text(&root, ".lf-step-title").await.as_deref(),
            Some("The deal")
        );
        heading_focused(&root).await;
        assert_accessible(&driver, "step 2").await;

        // Step 2, then Back from its last control: step 1 with its answers.
        press(&driver, Key::Tab).await;
        press(&driver, "030 1234567").await;
        press(&driver, Key::Tab).await;
        press(&driver, "25000").await;
        press(&driver, Key::Tab).await; // the checkbox
        press(&driver, Key::Tab).await; // Back
        assert!(
            root.find(".lf-back:focus").await.is_ok(),
            "Tab reaches Back: {}",
            focused(&driver).await
        );
        press(&driver, Key::Enter).await;
        until_step(&root, 1).await;
        assert_eq!(
            value_of(&root, ids::control("company_name")).await,
            "Globex",
            "Back keeps every answer"
        );
        driver
            .focus(&element(&root, ids::control("email")).await)
            .await;
        press(&driver, Key::Enter).await;
        until_step(&root, 2).await;
        assert_eq!(
            value_of(&root, ids::control("phone_number")).await,
            "030 1234567"
        );

        // A reload comes back to step 2 from the draft, answers and all.
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        driver.refresh().await.expect("reload");
        let root = shadow_root(&driver, "form.lf-form").await;
        until_step(&root, 2).await;
        assert_eq!(value_of(&root, ids::control("custom_5")).await, "25000");
        assert_eq!(
            value_of(&root, ids::control("company_name")).await,
            "Globex"
        );

        // Step 3 and Send, with the keyboard.
        driver
            .focus(&element(&root, ids::control("custom_5")).await)
            .await;
        press(&driver, Key::Enter).await;
        until_step(&root, 3).await;
        heading_focused(&root).await;
        load_axe(&driver).await;
        assert_accessible(&driver, "step 3").await;
        press(&driver, Key::Tab).await;
        press(&driver, "pat@partner.example").await;
        press(&driver, Key::Tab).await;
        press(&driver, " ").await; // consent
        press(&driver, Key::Tab).await; // Back
        press(&driver, Key::Tab).await; // Send
        assert!(
            root.find(".lf-submit:focus").await.is_ok(),
            "Tab reaches Send: {}",
            focused(&driver).await
        );
        press(&driver, Key::Enter).await;
        eventually("the thank-you", || visible_text(&root, ".lf-success")).await;
        assert_accessible(&driver, "sent").await;

        let leads = sandbox.leads();
        assert_eq!(leads.len(), 1, "one lead");
        let lead = &leads[0].request;
        assert_eq!(lead.phone_number.as_deref(), Some("+49301234567"), "E.164");
        let consent = lead
            .custom_fields
            .iter()
            .flatten()
            .find(|entry| entry.custom_field_id == 40)
            .map(|entry| entry.value.clone());
        assert!(
            matches!(&consent, Some(CustomFieldValue::Text(record)) if record.ends_with(", en")),
            "the consent record: {consent:?}"
        );
    })
    .await;
}

async fn free_mail_is_refused_in_german_and_a_mistyped_provider_is_corrected_in_one_press(
    engine: Engine,
) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    let german = |page: String, form: &str| {
        page.replace(
            &format!("embed.js?form={form}"),
            &format!("embed.js?form={form}&locale=de"),
        )
    };
    serve_pages(
        partner,
        vec![
            (
                "/",
                german(qualified_page(&demo.proxy_url), "demo-qualified"),
            ),
            (
                "/referral",
                german(partner_page(&demo.proxy_url), "demo-referral"),
            ),
        ],
    );
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        driver
            .type_into(
                &element(&root, ids::control("company_name")).await,
                "Globex",
            )
            .await;
        driver
            .type_into(
                &element(&root, ids::control("email")).await,
                "jemand@gmail.com",
            )
            .await;
        driver.press(&element(&root, ".lf-submit").await).await;
        let error = eventually("the free-mail error", || {
            visible_text(&root, ids::error("email"))
        })
        .await;
        assert!(
            error.contains("geschäftliche E-Mail-Adresse"),
            "in German: {error}"
        );
        assert!(
            visible_text(&root, ".lf-suggestion").await.is_none(),
            "no suggestion of an address the form refuses"
        );

        // On the referral form free mail is fine, and a mistyped provider is offered its fix.
        driver
            .goto(&format!("{partner_url}/referral"))
            .await
            .expect("the referral page");
        let root = shadow_root(&driver, "form.lf-form").await;
        driver
            .type_into(
                &element(&root, ids::control("email")).await,
                "ada@gmial.com",
            )
            .await;
        let offer = eventually("the suggestion", || visible_text(&root, ".lf-suggestion")).await;
        assert_eq!(offer, "Meinten Sie ada@gmail.com?");
        // A button right after the input, so Tab reaches it; taken with one press (a click,
        // or in WebKit focus and Space: see `Browser::press`).
        let accept = element(&root, ".lf-suggestion button").await;
        assert_eq!(
            accept.prop("tabIndex").await.expect("tabIndex").as_deref(),
            Some("0"),
            "in the tab order"
        );
        driver.press(&accept).await;
        eventually("the address corrected", || async {
            (value_of(&root, ids::control("email")).await == "ada@gmail.com").then_some(())
        })
        .await;
        assert!(visible_text(&root, ".lf-suggestion").await.is_none());
    })
    .await;
}

async fn a_form_in_steps_sent_with_the_proxy_down_is_delivered_once_on_the_next_visit(
    engine: Engine,
) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    serve_pages(partner, vec![("/", qualified_page(&demo.proxy_url))]);
    let (operator, operating) = Operator::of(demo, partner_url.clone());
    let browser = with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        driver
            .type_into(
                &element(&root, ids::control("company_name")).await,
                "Globex",
            )
            .await;
        driver
            .type_into(
                &element(&root, ids::control("email")).await,
                "ada@globex.example",
            )
            .await;
        driver.press(&element(&root, ".lf-submit").await).await;
        until_step(&root, 2).await;
        driver
            .type_into(
                &element(&root, ids::control("phone_number")).await,
                "+49 30 1234567",
            )
            .await;
        driver.press(&element(&root, ".lf-submit").await).await;
        until_step(&root, 3).await;
        driver
            .type_into(
                &element(&root, ids::control("sent_by_email")).await,
                "pat@partner.example",
            )
            .await;
        driver.press(&element(&root, ids::consent()).await).await;
        let stopped = operator.stop_proxy().await;
        driver.press(&element(&root, ".lf-submit").await).await;
        let banner = eventually("the note that the answers wait", || {
            visible_text(&root, ".lf-banner")
        })
        .await;
        assert!(banner.contains("saved on this device"), "{banner}");
        assert_eq!(
            progress(&root).await,
            "Step 3 of 3",
            "still on the last step"
        );

        let sandbox = stopped.restart_proxy().await;
        driver.goto(&partner_url).await.expect("the page again");
        let root = shadow_root(&driver, "form.lf-form").await;
        eventually("the thank-you for the kept answers", || {
            visible_text(&root, ".lf-success")
        })
        .await;
        eventually("one lead", || async {
            (sandbox.leads().len() == 1).then_some(())
        })
        .await;
        let lead = &sandbox.leads()[0].request;
        assert_eq!(
            (lead.company_name.as_deref(), lead.phone_number.as_deref()),
            (Some("Globex"), Some("+49301234567"))
        );
        driver
            .goto(&partner_url)
            .await
            .expect("the page a third time");
        shadow_root(&driver, "form.lf-form").await;
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        assert_eq!(sandbox.leads().len(), 1, "exactly one lead");
    });
    let (second, ()) = tokio::join!(operating, browser);
    drop(second);
}
