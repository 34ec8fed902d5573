//! Drafts: what a visitor typed survives a reload, "Start over" clears it, a sent lead
//! removes it, old ones expire, and without storage the form still works.

use leadform_demo::partner_page;

use crate::*;

in_every_engine!(
    a_draft_survives_a_reload_until_the_visitor_starts_over_or_sends,
    old_drafts_and_kept_submissions_are_gone_before_the_form_shows,
);

/// The partner page where `localStorage` throws, as in some private modes and sandboxed frames.
fn page_without_storage(proxy_url: &str) -> String {
    partner_page(proxy_url).replace(
        "<head>",
        r#"<head><script>Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });</script>"#,
    )
}

const DRAFTS: &str = "return Object.keys(localStorage).filter(k => k.startsWith('leadform:draft:')).map(k => JSON.parse(localStorage.getItem(k)).answers);";

async fn a_draft_survives_a_reload_until_the_visitor_starts_over_or_sends(engine: Engine) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    serve_pages(
        partner,
        vec![
            ("/", partner_page(&demo.proxy_url)),
            ("/no-storage", page_without_storage(&demo.proxy_url)),
        ],
    );
    let sandbox = demo.sandbox.clone();
    with_browser(engine, move |driver| async move {
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        assert!(
            root.find(".lf-draft").await.is_err(),
            "no notice on a first visit"
        );
        let honeypot = driver
            .execute(
                "const trap = document.querySelector('leadform-form').shadowRoot.querySelector('input[name=website]');
                 return [trap.tabIndex, trap.id, trap.closest('[aria-hidden=true]') !== null, getComputedStyle(trap).clipPath === 'inset(50%)' && getComputedStyle(trap).position === 'absolute'];",
                Vec::new(),
            )
            .await
            .expect("honeypot script");
        assert_eq!(
            honeypot.json(),
            &serde_json::json!([-1, "", true, true]),
            "the honeypot is out of the tab order, without an id (so never in a draft), hidden from screen readers and out of sight"
        );
        driver.type_into(&element(&root, ids::control("company_name")).await, "Globex").await;
        driver.type_into(&element(&root, ids::control("email")).await, "ada@globex.example").await;
        driver.press(&element(&root, ids::direction(FormDirection::Claim)).await).await;
        let drafts = || async {
            driver
                .execute(DRAFTS, Vec::new())
                .await
                .expect("drafts")
                .json()
                .clone()
        };
        let draft = eventually("the draft saved", || async {
            let drafts = drafts().await;
            let claim = ids::direction(FormDirection::Claim);
            (drafts[0][ids::bare(&claim)] == true).then(|| drafts[0].clone())
        })
        .await;
        assert_eq!(draft[ids::bare(&ids::control("company_name"))], "Globex");
        let names: Vec<&String> = draft.as_object().expect("a draft").keys().collect();
        assert!(
            names.iter().all(|name| name.starts_with("lf-")),
            "only the visitor's answers: {names:?}"
        );

        driver.refresh().await.expect("reload");
        let root = shadow_root(&driver, "form.lf-form").await;
        assert_eq!(
            value_of(&root, ids::control("company_name")).await,
            "Globex",
            "restored after a reload"
        );
        assert_eq!(value_of(&root, ids::control("email")).await, "ada@globex.example");
        assert_eq!(
            element(&root, ids::direction(FormDirection::Claim))
                .await
                .prop("checked")
                .await
                .expect("checked")
                .as_deref(),
            Some("true")
        );
        let notice = eventually("the restored notice", || visible_text(&root, ".lf-draft")).await;
        assert!(
            notice.contains("We restored what you typed earlier."),
            "{notice}"
        );

        driver.press(&element(&root, ".lf-draft .lf-link").await).await;
        eventually("an empty form", || async {
            value_of(&root, ids::control("company_name"))
                .await
                .is_empty()
                .then_some(())
        })
        .await;
        assert!(
            root.find(".lf-draft").await.is_err(),
            "the notice goes"
        );
        assert_eq!(value_of(&root, ids::control("email")).await, "");
        assert_eq!(drafts().await, serde_json::json!([]), "the draft is gone");

        let root = shadow_root(&driver, "form.lf-form").await;
        fill_lead(&driver, &root, "Initech", "ada@initech.example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        eventually("the thank-you", || visible_text(&root, ".lf-success")).await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(
            drafts().await,
            serde_json::json!([]),
            "a sent lead leaves no draft"
        );
        driver.refresh().await.expect("reload");
        let root = shadow_root(&driver, "form.lf-form").await;
        assert_eq!(
            value_of(&root, ids::control("company_name")).await,
            "",
            "a new visit starts blank"
        );
        assert!(root.find(".lf-draft").await.is_err());

        // Without storage there are no drafts, and the form works all the same.
        driver
            .goto(format!("{partner_url}/no-storage"))
            .await
            .expect("the page without storage");
        let root = shadow_root(&driver, "form.lf-form").await;
        fill_lead(&driver, &root, "Umbrella", "ada@umbrella.example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        thanked(&root, "the thank-you without storage").await;
        assert_eq!(lead_companies(&sandbox), ["Initech", "Umbrella"]);
    })
    .await;
    drop(demo);
}

/// Puts what a visitor left on this device into `localStorage`: a draft `days.draft` days
/// old, a submission kept for eight days and one kept for a day.
const LEFT_EARLIER: &str = "const [base, days, companyKey, emailKey] = arguments; const day = 864e5, now = Date.now();
    const lead = (company, email) => JSON.stringify({ direction: 'send', consent: true, values: { company_name: company, email, sent_by_email: 'me@partner.example' } });
    localStorage.setItem('leadform:draft:' + base + ' demo-referral', JSON.stringify({ at: now - days.draft * day, answers: { [companyKey]: 'Draftco', [emailKey]: 'draft@old.example' } }));
    localStorage.setItem('leadform:kept', JSON.stringify([
      { base, formId: 'demo-referral', body: lead('Oldco', 'kept@old.example'), key: 'eight-days-old', at: now - 8 * day },
      { base, formId: 'demo-referral', body: lead('Freshco', 'kept@fresh.example'), key: 'a-day-old', at: now - day },
    ]));";

/// [`LEFT_EARLIER`]'s arguments.
fn left_earlier(proxy_url: &str, draft_days: u32) -> Vec<serde_json::Value> {
    vec![
        proxy_url.into(),
        serde_json::json!({ "draft": draft_days }),
        ids::bare(&ids::control("company_name")).into(),
        ids::bare(&ids::control("email")).into(),
    ]
}

async fn old_drafts_and_kept_submissions_are_gone_before_the_form_shows(engine: Engine) {
    let partner = loopback().await;
    let partner_url = format!("http://{}", partner.local_addr().expect("partner address"));
    let demo = demo_proxy(&partner_url).await;
    serve_pages(
        partner,
        vec![
            ("/", partner_page(&demo.proxy_url)),
            ("/empty", "<!doctype html><title>empty</title>".to_owned()),
        ],
    );
    let (sandbox, proxy_url) = (demo.sandbox.clone(), demo.proxy_url.clone());
    with_browser(engine, move |driver| async move {
        driver.goto(format!("{partner_url}/empty")).await.expect("a page of the partner's");
        driver
            .execute(LEFT_EARLIER, left_earlier(&proxy_url, 31))
            .await
            .expect("storage seeded");
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        // The form takes up the submission kept a day ago: not the eight-day-old one (first
        // in the list), and not the draft (which would win over both).
        assert_eq!(
            value_of(&root, ids::control("email")).await,
            "kept@fresh.example",
            "neither the 31-day-old draft nor the eight-day-old submission is restored"
        );
        assert!(root.find(".lf-draft").await.is_err(), "and not announced");
        let delivered = eventually("the day-old submission delivered", || async {
            let leads = sandbox.leads();
            (!leads.is_empty()).then_some(leads)
        })
        .await;
        let left = driver
            .execute("return [localStorage.getItem('leadform:kept'), Object.keys(localStorage).filter(k => k.startsWith('leadform:draft:'))];", Vec::new())
            .await
            .expect("storage read");
        assert_eq!(left.json(), &serde_json::json!([null, []]), "nothing old left on the device");
        let emails: Vec<_> = delivered.iter().filter_map(|lead| lead.request.email.clone()).collect();
        assert_eq!(emails, ["kept@fresh.example"], "the eight-day-old submission is never sent");
        assert_eq!(sandbox.leads().len(), 1);

        // A draft of 29 days is still the visitor's.
        driver
            .execute(LEFT_EARLIER, left_earlier(&proxy_url, 29))
            .await
            .expect("storage seeded");
        driver.execute("localStorage.removeItem('leadform:kept');", Vec::new()).await.expect("kept cleared");
        driver.refresh().await.expect("reload");
        let root = shadow_root(&driver, "form.lf-form").await;
        assert_eq!(value_of(&root, ids::control("email")).await, "draft@old.example");
    })
    .await;
    drop(demo);
}
