//! The sandbox answers as create-lead.md and get-leads.md document JourneyBee.

use crate::common::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use leadform_core::journeybee::get_leads::ListedLead;
use leadform_proxy::{ApiKey, Sandbox};
use serde_json::json;

fn create(key: &str, body: serde_json::Value) -> Request<Body> {
    Request::post("/api/v1/leads")
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn lead(email: &str, company: &str, partnership: u64) -> serde_json::Value {
    json!({
        "email": email, "company_name": company, "source": "lead_submission_form", "associationType": "referral",
        "partnershipLead": { "partnership_id": partnership, "partners_company_id": 2, "company_partnerships_id": 3, "formSubmissionLead": true, "formDirection": "send" }
    })
}

fn list(query: &str) -> Request<Body> {
    Request::get(format!("/api/v1/leads?{query}"))
        .header("authorization", format!("Bearer {API_KEY}"))
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn create_lead_answers_with_the_documented_statuses() {
    let sandbox = Sandbox::new(ApiKey::new(API_KEY));
    let router = sandbox.router();
    let cases = [
        (
            create("wrong", lead("a@b.example", "A", 1)),
            StatusCode::UNAUTHORIZED,
        ),
        (
            create(API_KEY, json!({ "email": "a@b.example" })),
            StatusCode::NOT_ACCEPTABLE,
        ),
        (
            create(
                API_KEY,
                json!({ "email": "a@b.example", "associationType": "partnerish" }),
            ),
            StatusCode::NOT_ACCEPTABLE,
        ),
        (
            create(
                API_KEY,
                json!({ "email": "a@b.example", "associationType": "referral" }),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            create(API_KEY, lead("not an email", "A", 1)),
            StatusCode::BAD_REQUEST,
        ),
        (
            create(
                API_KEY,
                json!({ "associationType": "referral", "customFields": [{ "customFieldId": 1, "type": "number", "value": { "text": "x" } }] }),
            ),
            StatusCode::BAD_REQUEST,
        ),
        (
            create(API_KEY, lead("a@b.example", "A", 1)),
            StatusCode::CREATED,
        ),
        (
            create(API_KEY, lead("A@B.example", "A again", 1)),
            StatusCode::CONFLICT,
        ),
        (
            create(API_KEY, lead("a@b.example", "A elsewhere", 2)),
            StatusCode::CREATED,
        ),
    ];
    for (request, expected) in cases {
        let (response, body) = send(&router, request).await;
        assert_eq!(response.status(), expected, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        if expected == StatusCode::CREATED {
            assert!(
                json["id"].is_u64()
                    && json["uuid"].is_string()
                    && json["partnershipLeadId"].is_u64(),
                "{body}"
            );
        } else {
            assert!(json["error"].is_string(), "{body}");
        }
    }
    assert_eq!(sandbox.leads().len(), 2);
}

#[tokio::test]
async fn get_leads_filters_and_pages_newest_first() {
    let sandbox = Sandbox::new(ApiKey::new(API_KEY));
    let router = sandbox.router();
    for n in 0..25 {
        let company = if n == 3 {
            "TechCorp".to_owned()
        } else {
            format!("Company {n}")
        };
        let (response, _) = send(
            &router,
            create(API_KEY, lead(&format!("lead{n}@example.com"), &company, 1)),
        )
        .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let page =
        |body: String| serde_json::from_str::<Vec<ListedLead>>(&body).expect("a list of leads");

    let (_, body) = send(
        &router,
        list("userId=1&view=received&search=tech&status=new,contacted"),
    )
    .await;
    let found = page(body);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].company_name.as_deref(), found[0].total),
        (Some("TechCorp"), 1)
    );

    let (_, body) = send(&router, list("userId=1")).await;
    let first = page(body);
    assert_eq!(
        (first.len(), first[0].total, first[0].id),
        (20, 25, 25),
        "newest first, 20 a page"
    );
    let cursor = first.last().unwrap().created_at.clone();
    let (_, body) = send(
        &router,
        list(&format!(
            "userId=1&cursor={}",
            cursor.replace(':', "%3A").replace('+', "%2B")
        )),
    )
    .await;
    let second = page(body);
    let ids: Vec<u64> = second.iter().map(|lead| lead.id).collect();
    assert_eq!(
        ids,
        [5, 4, 3, 2, 1],
        "the next page continues where the first stopped"
    );

    for (query, expected) in [
        ("userId=1&view=sent", 0),
        ("userId=1&view=reseller", 0),
        ("userId=1&status=lost", 0),
        ("userId=1&assigned=1", 0),
    ] {
        let (_, body) = send(&router, list(query)).await;
        assert_eq!(page(body).len(), expected, "{query}");
    }
    let (response, _) = send(&router, list("userId=2")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let (response, _) = send(&router, list("userId=1&status=bogus")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}
