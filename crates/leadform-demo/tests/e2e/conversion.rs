//! How a form converts, counted from real page views: the form is loaded N times, started M
//! times, left after its second question K times and sent L times; the proxy's figures (what
//! `leadform-proxy stats` prints) are exactly those.

use leadform_proxy::delivery::conversion::{Period, figures};

use crate::*;

in_every_engine!(views_starts_give_ups_and_sends_are_counted_exactly);

/// Waits until the form's fill token has come (the beacons need it), then leaves the page.
async fn leave(driver: &Browser) {
    eventually("the fill token", || async {
        let fetched = driver
            .execute(
                "return performance.getEntriesByType('resource').some(e => e.name.includes('/token'));",
                Vec::new(),
            )
            .await
            .ok()?;
        (fetched.json() == &serde_json::json!(true)).then_some(())
    })
    .await;
    driver.goto("about:blank").await.expect("the page is left");
}

async fn views_starts_give_ups_and_sends_are_counted_exactly(engine: Engine) {
    let (demo, partner_url) = start_demo(true).await;
    let outbox = demo.outbox.clone();
    let form = "demo-referral".to_owned();
    with_browser(engine, move |driver| async move {
        let (n, m, k, l) = (4, 3, 2, 1);
        // Looked at and left.
        driver.goto(&partner_url).await.expect("partner page opens");
        shadow_root(&driver, "form.lf-form").await;
        leave(&driver).await;
        // Started, and left after the second question, twice.
        for _ in 0..k {
            driver.goto(&partner_url).await.expect("partner page opens");
            let root = shadow_root(&driver, "form.lf-form").await;
            driver
                .type_into(
                    &element(&root, ids::control("company_name")).await,
                    "Globex",
                )
                .await;
            driver
                .type_into(&element(&root, ids::control("first_name")).await, "Ada")
                .await;
            leave(&driver).await;
        }
        // Sent.
        driver.goto(&partner_url).await.expect("partner page opens");
        let root = shadow_root(&driver, "form.lf-form").await;
        fill_lead(&driver, &root, "Globex", "ada@globex.example").await;
        driver.press(&element(&root, ".lf-submit").await).await;
        eventually("the thank-you message", || {
            visible_text(&root, ".lf-success")
        })
        .await;
        leave(&driver).await;

        let counted = eventually("every view counted", || async {
            let counts = outbox.counts(Some(&form), 0).await.ok()?;
            let forms = figures(&counts, Period::Total);
            let counted = forms.into_iter().next()?.total;
            (counted.shown == n && counted.delivered == l).then_some(counted)
        })
        .await;
        assert_eq!(
            (
                counted.shown,
                counted.started,
                counted.submitted,
                counted.delivered
            ),
            (n, m, l, l)
        );
        assert_eq!(counted.gave_up_at.get("first_name"), Some(&k));
        assert_eq!(counted.gave_up_at.len(), 1, "{:?}", counted.gave_up_at);
    })
    .await;
    drop(demo);
}
