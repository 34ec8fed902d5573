//! The preview page: every form of the file in each of its languages, light and dark,
//! mounted by the real loader through its API; beside each, the Create Lead body of the
//! last submission; a broken file's error instead of the forms. It reloads itself when the
//! file changes.

use super::Showing;

/// The page for what is showing, loading the loader from `proxy_url`.
pub(super) fn render(showing: &Showing, proxy_url: &str) -> String {
    let mut body = String::new();
    match &showing.error {
        Some(error) => {
            body.push_str(
                "<h2>The forms file cannot be used</h2>\n<pre class=\"error\" role=\"alert\">",
            );
            body.push_str(&escape(error));
            body.push_str("</pre>\n<p>Fix the file: this page reloads when it changes.</p>\n");
        }
        None if showing.forms.is_empty() => body.push_str("<p>The file has no forms.</p>\n"),
        None => {
            for (form, locales) in &showing.forms {
                body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(form)));
                for locale in locales {
                    body.push_str("<div class=\"row\">\n");
                    for theme in ["light", "dark"] {
                        body.push_str(&format!(
                            "<div class=\"cell {theme}\"><h3>{} · {theme}</h3>\
                             <div class=\"form\" data-form=\"{}\" data-locale=\"{}\" data-theme=\"{theme}\"></div>\
                             <h4>Create Lead body</h4><pre class=\"lead\">(send the form)</pre></div>\n",
                            escape(locale),
                            escape(form),
                            escape(locale)
                        ));
                    }
                    body.push_str("</div>\n");
                }
                body.push_str("</section>\n");
            }
        }
    }
    PAGE.replace("{proxy}", &escape(proxy_url))
        .replace("{file}", &escape(&showing.file))
        .replace("{version}", &showing.version.to_string())
        .replace("{body}", &body)
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>leadform preview: {file}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #1d1d1f; }
.row { display: flex; flex-wrap: wrap; gap: 16px; margin-bottom: 24px; }
.cell { flex: 1 1 360px; padding: 12px; border: 1px solid #ddd; border-radius: 8px; }
.cell.dark { background: #15171a; color: #eee; }
pre { white-space: pre-wrap; font-size: 12px; background: rgba(127,127,127,.12); padding: 8px; }
.error { color: #b00020; }
</style>
<script>window.leadform = window.leadform || function () { (leadform.q = leadform.q || []).push(arguments) };</script>
<script async src="{proxy}/embed.js"></script>
</head>
<body>
<h1>leadform preview</h1>
<p>{file}: every form in each of its languages, light and dark. Submissions go to the
built-in sandbox (this page is each form's test origin); each one's Create Lead body appears
beside its form. This page reloads when the file changes.</p>
{body}
<script>
for (const host of document.querySelectorAll(".form")) {
  const { form, locale, theme } = host.dataset;
  leadform("mount", host, form, { locale, theme });
  host.addEventListener("leadform:submitted", (event) => {
    const lead = host.parentElement.querySelector(".lead");
    fetch("/preview/submissions/" + encodeURIComponent(event.detail.submissionId))
      .then((response) => response.json())
      .then((body) => { lead.textContent = JSON.stringify(body, null, 2); });
  });
}
setInterval(() => {
  fetch("/preview/version").then((response) => response.text()).then((version) => {
    if (version !== "{version}") location.reload();
  }, () => {});
}, 500);
</script>
</body>
</html>
"#;

/// Text for HTML content and attribute values.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
