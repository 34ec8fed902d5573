//! How a form converts, counted from real page views: the form is loaded N times, started M
//! times, left after its second question K times and sent L times; what `leadform-proxy
//! stats --json` prints (the same report, on the demo's outbox) is exactly that.

use leadform_proxy::delivery::conversion::{Period, figures, report};

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

        let stats = eventually("every view counted", || async {
            let counts = outbox.counts(Some(&form), 0).await.ok()?;
            let stats = report(&figures(&counts, Period::Total), 0);
            let counted = &stats["forms"][0];
            (counted["shown"] == n && counted["delivered"] == l).then_some(stats)
        })
        .await;
        let counted = &stats["forms"][0];
        assert_eq!(counted["form"], form.as_str());
        let figures =
            ["shown", "started", "submitted", "delivered"].map(|name| counted[name].clone());
        assert_eq!(
            figures,
            [n, m, l, l].map(serde_json::Value::from),
            "{stats:#}"
        );
        assert_eq!(
            counted["gave_up_at"],
            serde_json::json!({ "first_name": k }),
            "{stats:#}"
        );
    })
    .await;
    drop(demo);
}
