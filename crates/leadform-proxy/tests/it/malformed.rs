//! Requests no browser running the form would send: each gets a short JSON refusal with a
//! stable code, and none of them reaches JourneyBee.

use leadform_core::RefusalCode;

use crate::common::served;
use crate::common::stores::{Store, TestStore};
use crate::common::upstream::Trap;
use crate::common::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use leadform_proxy::abuse::fill_token;

/// What a request should get: its status and the refusal's code.
struct Case {
    what: &'static str,
    request: Request<Body>,
    status: StatusCode,
    code: &'static str,
}

fn post(what: &'static str, body: impl Into<Body>, status: StatusCode, code: &'static str) -> Case {
    Case {
        what,
        request: Request::post("/v1/forms/acme-referral/submissions")
            .header("origin", ALLOWED_ORIGIN)
            .header("content-type", "application/json")
            .header(fill_token::HEADER, fill_token())
            .body(body.into())
            .unwrap(),
        status,
        code,
    }
}

fn answers(what: &'static str, values: &str, status: StatusCode, code: &'static str) -> Case {
    post(
        what,
        format!(r#"{{"direction":"claim","values":{{{values}}}}}"#),
        status,
        code,
    )
}

fn request(
    what: &'static str,
    method: Method,
    uri: &str,
    origin: Option<&str>,
    status: StatusCode,
    code: &'static str,
) -> Case {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(origin) = origin {
        builder = builder.header("origin", origin);
    }
    if uri.ends_with("/submissions") {
        builder = builder
            .header("content-type", "application/json")
            .header(fill_token::HEADER, fill_token());
    }
    Case {
        what,
        request: builder.body(Body::from(VALID_SUBMISSION)).unwrap(),
        status,
        code,
    }
}

fn with_header(mut case: Case, name: &'static str, value: &str) -> Case {
    case.request
        .headers_mut()
        .insert(name, value.parse().unwrap());
    case
}

fn without_header(mut case: Case, name: &'static str) -> Case {
    case.request.headers_mut().remove(name);
    case
}

fn cases() -> Vec<Case> {
    use StatusCode as S;
    let deep = format!(
        r#"{{"values":{{"notes":{}{}}}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let company = |text: &str| {
        format!(
            r#""company_name":{},"email":"ada@globex.example""#,
            serde_json::to_string(text).unwrap()
        )
    };
    let submissions = "/v1/forms/acme-referral/submissions";
    vec![
        // Paths and methods.
        request(
            "unknown path",
            Method::GET,
            "/nope",
            None,
            S::NOT_FOUND,
            RefusalCode::NotFound.as_str(),
        ),
        request(
            "the forms collection",
            Method::GET,
            "/v1/forms",
            None,
            S::NOT_FOUND,
            RefusalCode::NotFound.as_str(),
        ),
        request(
            "path traversal in the form id",
            Method::POST,
            "/v1/forms/..%2F..%2Fetc%2Fpasswd/submissions",
            Some(ALLOWED_ORIGIN),
            S::NOT_FOUND,
            RefusalCode::FormNotFound.as_str(),
        ),
        request(
            "dot-dot form id",
            Method::GET,
            "/v1/forms/%2e%2e/embed",
            Some(ALLOWED_ORIGIN),
            S::NOT_FOUND,
            RefusalCode::FormNotFound.as_str(),
        ),
        request(
            "a 10 KB form id",
            Method::GET,
            &format!("/v1/forms/{}", "a".repeat(10_000)),
            None,
            S::NOT_FOUND,
            RefusalCode::FormNotFound.as_str(),
        ),
        request(
            "broken percent-encoding",
            Method::POST,
            "/v1/forms/%ZZ/submissions",
            Some(ALLOWED_ORIGIN),
            S::NOT_FOUND,
            RefusalCode::FormNotFound.as_str(),
        ),
        request(
            "DELETE a form's submissions",
            Method::DELETE,
            submissions,
            Some(ALLOWED_ORIGIN),
            S::METHOD_NOT_ALLOWED,
            RefusalCode::MethodNotAllowed.as_str(),
        ),
        request(
            "PUT a definition",
            Method::PUT,
            "/v1/forms/acme-referral",
            Some(ALLOWED_ORIGIN),
            S::METHOD_NOT_ALLOWED,
            RefusalCode::MethodNotAllowed.as_str(),
        ),
        request(
            "POST to the definition",
            Method::POST,
            "/v1/forms/acme-referral",
            Some(ALLOWED_ORIGIN),
            S::METHOD_NOT_ALLOWED,
            RefusalCode::MethodNotAllowed.as_str(),
        ),
        request(
            "GET the submissions",
            Method::GET,
            submissions,
            Some(ALLOWED_ORIGIN),
            S::METHOD_NOT_ALLOWED,
            RefusalCode::MethodNotAllowed.as_str(),
        ),
        request(
            "PATCH the loader",
            Method::PATCH,
            "/embed.js",
            None,
            S::METHOD_NOT_ALLOWED,
            RefusalCode::MethodNotAllowed.as_str(),
        ),
        // Origins.
        request(
            "no Origin",
            Method::POST,
            submissions,
            None,
            S::FORBIDDEN,
            RefusalCode::OriginRequired.as_str(),
        ),
        request(
            "Origin: null",
            Method::POST,
            submissions,
            Some("null"),
            S::FORBIDDEN,
            RefusalCode::OriginNotAllowed.as_str(),
        ),
        request(
            "another origin",
            Method::POST,
            submissions,
            Some(OTHER_ORIGIN),
            S::FORBIDDEN,
            RefusalCode::OriginNotAllowed.as_str(),
        ),
        request(
            "the allowed host over http",
            Method::POST,
            submissions,
            Some("http://partner.example"),
            S::FORBIDDEN,
            RefusalCode::OriginNotAllowed.as_str(),
        ),
        request(
            "the allowed origin as a prefix",
            Method::POST,
            submissions,
            Some("https://partner.example.evil.example"),
            S::FORBIDDEN,
            RefusalCode::OriginNotAllowed.as_str(),
        ),
        request(
            "the allowed origin with a path",
            Method::POST,
            submissions,
            Some("https://partner.example/x"),
            S::FORBIDDEN,
            RefusalCode::OriginNotAllowed.as_str(),
        ),
        // Headers.
        with_header(
            post(
                "text/plain, which skips the preflight",
                VALID_SUBMISSION,
                S::UNSUPPORTED_MEDIA_TYPE,
                RefusalCode::UnsupportedMediaType.as_str(),
            ),
            "content-type",
            "text/plain",
        ),
        with_header(
            post(
                "form encoding",
                VALID_SUBMISSION,
                S::UNSUPPORTED_MEDIA_TYPE,
                RefusalCode::UnsupportedMediaType.as_str(),
            ),
            "content-type",
            "application/x-www-form-urlencoded",
        ),
        with_header(
            post(
                "an Idempotency-Key with spaces",
                VALID_SUBMISSION,
                S::BAD_REQUEST,
                RefusalCode::InvalidIdempotencyKey.as_str(),
            ),
            "idempotency-key",
            "a b",
        ),
        with_header(
            post(
                "a 300-character Idempotency-Key",
                VALID_SUBMISSION,
                S::BAD_REQUEST,
                RefusalCode::InvalidIdempotencyKey.as_str(),
            ),
            "idempotency-key",
            &"k".repeat(300),
        ),
        without_header(
            post(
                "a direct POST without a fill token",
                VALID_SUBMISSION,
                S::BAD_REQUEST,
                RefusalCode::TokenMissing.as_str(),
            ),
            fill_token::HEADER,
        ),
        // Bodies.
        post(
            "an empty body",
            "",
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "invalid UTF-8",
            &b"{\"values\":{\"email\":\"\xff\xfe\"}}"[..],
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "not JSON",
            "hello",
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "null",
            "null",
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "an array",
            "[]",
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "values as a string",
            r#"{"values":"all"}"#,
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "an unknown top-level key",
            r#"{"values":{},"admin":true}"#,
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "a number for a text",
            r#"{"values":{"email":5}}"#,
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "a string for the consent",
            r#"{"values":{},"consent":"yes"}"#,
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "a direction that does not exist",
            r#"{"direction":"sideways","values":{}}"#,
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "10,000 levels of nesting",
            deep,
            S::BAD_REQUEST,
            RefusalCode::UnreadableSubmission.as_str(),
        ),
        post(
            "a 100 KB body",
            format!(r#"{{"values":{{"notes":"{}"}}}}"#, "x".repeat(100_000)),
            S::PAYLOAD_TOO_LARGE,
            RefusalCode::BodyTooLarge.as_str(),
        ),
        // Answers.
        answers(
            "a list for a single answer",
            r#""company_name":["a","b"],"email":"ada@globex.example""#,
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        answers(
            "a question the form does not ask",
            r#""company_name":"Globex","email":"ada@globex.example","partnership_id":"1""#,
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        answers(
            "NaN for a number",
            r#""company_name":"Globex","email":"ada@globex.example","custom_5":"NaN""#,
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        answers(
            "a number too large for a double",
            r#""company_name":"Globex","email":"ada@globex.example","custom_5":"1e999""#,
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        answers(
            "an email with two @",
            r#""company_name":"Globex","email":"a@b@c.example""#,
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        answers(
            "a 300-character company",
            &company(&"G".repeat(300)),
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        answers(
            "a NUL in the company",
            &company("Globex\0"),
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        answers(
            "an ANSI escape in the company",
            &company("\u{1b}[2J\u{1b}[31mGlobex"),
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        answers(
            "a right-to-left override in the email",
            r#""company_name":"Globex","email":"ada@\u202emoc.elgoog""#,
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        answers(
            "a zero-width space in the company",
            &company("Glo\u{200b}bex"),
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        post(
            "a hidden field the proxy does not know",
            r#"{"direction":"claim","values":{"company_name":"Globex","email":"ada@globex.example"},"hidden":{"partnership_id":"1"}}"#,
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
        post(
            "a 5,000-character utm_source",
            format!(
                r#"{{"direction":"claim","values":{{"company_name":"Globex","email":"ada@globex.example"}},"hidden":{{"utm_source":"{}"}}}}"#,
                "u".repeat(5_000)
            ),
            S::UNPROCESSABLE_ENTITY,
            RefusalCode::InvalidSubmission.as_str(),
        ),
    ]
}

/// The test proxy (SQLite outbox), sending to a trap that counts whatever reaches it.
async fn proxy_sending_to_a_trap() -> (TestProxy, Trap) {
    let upstream = Trap::start().await;
    let proxy = TestProxy::serving(
        FORMS,
        TestStore::new(Store::Sqlite).await,
        &upstream.url,
        API_KEY,
        fast_settings(),
    )
    .await;
    (proxy, upstream)
}

#[tokio::test]
async fn every_malformed_request_gets_a_short_json_refusal_and_reaches_no_one() {
    let (proxy, upstream) = proxy_sending_to_a_trap().await;
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for case in cases {
        let (response, body) = proxy.send(case.request).await;
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let refusal: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let message = refusal["error"]["message"].as_str().unwrap_or_default();
        if response.status() != case.status
            || content_type != "application/json"
            || refusal["error"]["code"] != case.code
            || message.is_empty()
            || body.len() > 600
        {
            wrong.push(format!(
                "{}: expected {} {}, got {} {content_type} ({} bytes) {}",
                case.what,
                case.status,
                case.code,
                response.status(),
                body.len(),
                body.chars().take(200).collect::<String>()
            ));
        }
    }
    assert!(wrong.is_empty(), "{:#?}", wrong);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(proxy.records().await.is_empty(), "nothing was stored");
    assert_eq!(upstream.hits(), 0, "nothing reached JourneyBee");
}

#[tokio::test]
async fn a_refusal_does_not_grow_with_the_bad_request() {
    let proxy = TestProxy::start(Store::Sqlite, "http://127.0.0.1:9", API_KEY).await;
    let with_unknown = |count: usize, name_length: usize| {
        let keys: Vec<String> = (0..count)
            .map(|n| format!(r#""{}{n}":"x""#, "k".repeat(name_length)))
            .collect();
        format!(
            r#"{{"direction":"claim","values":{{"company_name":"Globex","email":"ada@globex.example",{}}}}}"#,
            keys.join(",")
        )
    };
    let (response, one) = proxy
        .send(submission_request(
            Some(ALLOWED_ORIGIN),
            &with_unknown(1, 1),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{one}");
    let (_, many) = proxy
        .send(submission_request(
            Some(ALLOWED_ORIGIN),
            &with_unknown(5_000, 1),
        ))
        .await;
    let (_, long) = proxy
        .send(submission_request(
            Some(ALLOWED_ORIGIN),
            &with_unknown(1, 10_000),
        ))
        .await;
    assert_eq!(many.len(), one.len(), "5,000 unknown names: {many}");
    assert!(
        long.len() <= one.len() + 64,
        "a 10,000-character name is cut: {long}"
    );
    let refusal: serde_json::Value = serde_json::from_str(&many).unwrap();
    assert_eq!(refusal["error"]["fields"][0]["code"], "unknown_field");
}

#[tokio::test]
async fn a_filled_honeypot_is_thanked_like_a_person_and_goes_nowhere() {
    let (proxy, _upstream) = proxy_sending_to_a_trap().await;
    let (person, _) = proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), VALID_SUBMISSION))
        .await;
    let bot = VALID_SUBMISSION.replacen('{', r#"{"website":"https://cheap-pills.example","#, 1);
    let (caught, body) = proxy
        .send(submission_request(Some(ALLOWED_ORIGIN), &bot))
        .await;
    assert_eq!(caught.status(), StatusCode::ACCEPTED, "{body}");
    let receipt: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(receipt["status"], "queued", "{body}");
    assert!(
        receipt["submission_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    // Even answers that would be refused are thanked: a bot learns nothing.
    let (caught, _) = proxy
        .send(submission_request(
            Some(ALLOWED_ORIGIN),
            r#"{"values":{"email":"nope"},"website":"x"}"#,
        ))
        .await;
    assert_eq!(caught.status(), StatusCode::ACCEPTED);
    assert!(person.status().is_success());
    let records = proxy.records().await;
    assert_eq!(records.len(), 1, "only the person's submission was stored");
    let (_, metrics) = proxy
        .send(Request::get("/metrics").body(Body::empty()).unwrap())
        .await;
    assert!(
        metrics
            .lines()
            .any(|line| line.starts_with("leadform_spam_total")
                && line.contains("honeypot")
                && line.ends_with(" 2")),
        "{metrics}"
    );
}

/// Requests hyper refuses before the application sees them: the bytes, and the status and
/// code the answer must have.
fn unparseable() -> Vec<(&'static str, Vec<u8>, u16, &'static str)> {
    let get =
        |head: &str| format!("GET /healthz HTTP/1.1\r\nhost: proxy\r\n{head}\r\n").into_bytes();
    let many_headers: String = (0..1_000).map(|n| format!("x-h{n}: v\r\n")).collect();
    vec![
        ("a header line without a colon", get("no colon here\r\n"), 400, RefusalCode::BadRequest.as_str()),
        (
            "two different Content-Length headers",
            b"POST /v1/forms/acme-referral/submissions HTTP/1.1\r\nhost: proxy\r\n\
              content-type: application/json\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello"
                .to_vec(),
            400,
            RefusalCode::BadRequest.as_str(),
        ),
        (
            "a 70 KB path",
            format!("GET /{} HTTP/1.1\r\nhost: proxy\r\n\r\n", "a".repeat(70_000)).into_bytes(),
            431,
            RefusalCode::HeadersTooLarge.as_str(),
        ),
        ("1,000 headers", get(&many_headers), 431, RefusalCode::HeadersTooLarge.as_str()),
        (
            "a 100 KB header",
            get(&format!("x-big: {}\r\n", "a".repeat(100_000))),
            431,
            RefusalCode::HeadersTooLarge.as_str(),
        ),
        ("a broken request line", b"NOT A REQUEST\r\n\r\n".to_vec(), 400, RefusalCode::BadRequest.as_str()),
        ("an unknown HTTP version", b"GET / HTTP/7.0\r\n\r\n".to_vec(), 400, RefusalCode::BadRequest.as_str()),
        ("a space in a header name", get("bad name: v\r\n"), 400, RefusalCode::BadRequest.as_str()),
        ("a NUL in a header value", get("x-nul: a\0b\r\n"), 400, RefusalCode::BadRequest.as_str()),
    ]
}

#[tokio::test]
async fn a_request_hyper_cannot_parse_gets_the_json_refusal_too() {
    let served = served::serve_with(leadform_proxy::ServerLimits::default()).await;
    let mut wrong = Vec::new();
    for (what, request, status, code) in unparseable() {
        let answer = served::raw_exchange("127.0.0.1", served.address, &request).await;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        let head = head.to_ascii_lowercase();
        let refusal: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        let ok = head.starts_with(&format!("http/1.1 {status} "))
            && head.contains("\r\ncontent-type: application/json")
            && head.contains(&format!("\r\ncontent-length: {}", body.len()))
            && head.contains("\r\nconnection: close")
            && refusal["error"]["code"] == code
            && refusal["error"]["message"]
                .as_str()
                .is_some_and(|message| !message.is_empty());
        if !ok {
            wrong.push(format!("{what}: expected {status} {code}, got {answer:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");

    // The connection after such an answer is closed, and the proxy serves the next one.
    let healthy = served::raw_exchange(
        "127.0.0.1",
        served.address,
        b"GET /healthz HTTP/1.1\r\nhost: proxy\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(healthy.starts_with("HTTP/1.1 200 "), "{healthy}");
}
