//! One rule, two languages: which questions a form shows for a set of answers is decided by
//! leadform-core (the widget and the proxy) and, for the server-rendered form before the
//! wasm arrives, by the loader's embed/src/visibility.js. On 400 generated forms with
//! conditions of every kind, nested and chained, and answers of every shape, node's verdict
//! must be core's, question by question.

use std::process::Command;

use leadform_core::{FormDefinition, Submission, visible_questions};
use serde_json::{Value, json};

/// A small deterministic generator, so a failure names a case that comes back.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % sides
    }
}

const KINDS: [&str; 5] = ["text", "boolean", "select", "multi_select", "number"];

fn condition(dice: &mut Dice, kinds: &[usize], depth: u32) -> Value {
    let question = dice.roll(kinds.len() as u64 + 1) as usize;
    if depth < 2 && dice.roll(3) == 0 {
        let inner: Vec<Value> = (0..1 + dice.roll(2))
            .map(|_| condition(dice, kinds, depth + 1))
            .collect();
        return match dice.roll(3) {
            0 => json!({ "all": inner }),
            1 => json!({ "any": inner }),
            _ => json!({ "not": inner[0] }),
        };
    }
    // Sometimes a question that comes later in the form (forward references are allowed
    // when they make no cycle; the generator only reads earlier ones or the direction).
    if question == kinds.len() {
        return json!({ "direction": if dice.roll(2) == 0 { "send" } else { "claim" } });
    }
    let id = format!("custom_{}", question + 1);
    match KINDS[kinds[question]] {
        "boolean" if dice.roll(2) == 0 => json!({ "question": id, "equals": dice.roll(2) == 0 }),
        "select" | "multi_select" if dice.roll(3) > 0 => {
            json!({ "question": id, "any_of": [dice.roll(3), dice.roll(3)] })
        }
        _ => json!({ "question": id, "answered": dice.roll(2) == 0 }),
    }
}

fn case(dice: &mut Dice) -> (FormDefinition, Submission) {
    let count = 2 + dice.roll(6) as usize;
    let mut kinds = Vec::new();
    let mut fields = Vec::new();
    let mut values = serde_json::Map::new();
    for index in 0..count {
        let kind = dice.roll(KINDS.len() as u64) as usize;
        let mut field = json!({ "field": { "custom": { "id": index + 1, "type": KINDS[kind] } }, "label": "Q" });
        if matches!(KINDS[kind], "select" | "multi_select") {
            field["options"] = json!([{ "id": 0, "label": "a" }, { "id": 1, "label": "b" }, { "id": 2, "label": "c" }]);
        }
        if index > 0 && dice.roll(4) > 0 {
            field["show_if"] = condition(dice, &kinds, 0);
        }
        let answer = match (KINDS[kind], dice.roll(6)) {
            (_, 0) => None,
            ("multi_select", roll) => Some(json!(
                (0..roll % 3)
                    .map(|_| format!(" {} ", dice.roll(4)))
                    .collect::<Vec<_>>()
            )),
            ("boolean", roll) => Some(json!(if roll % 2 == 0 { "true" } else { "false" })),
            ("select", roll) => Some(json!(["1", "2", "+2", "x", " ", "7"][roll as usize % 6])),
            (_, roll) => Some(json!(["text", "  ", "", "2"][roll as usize % 4])),
        };
        if let Some(answer) = answer {
            values.insert(format!("custom_{}", index + 1), answer);
        }
        kinds.push(kind);
        fields.push(field);
    }
    let directions = match dice.roll(3) {
        0 => json!(["send"]),
        1 => json!(["claim"]),
        _ => json!(["send", "claim"]),
    };
    let direction = match dice.roll(3) {
        0 => Value::Null,
        1 => json!("send"),
        _ => json!("claim"),
    };
    let definition: FormDefinition = serde_json::from_value(json!({
        "id": "generated", "title": "G", "directions": directions, "fields": fields
    }))
    .expect("definition");
    let submission: Submission =
        serde_json::from_value(json!({ "direction": direction, "values": values }))
            .expect("answers");
    (definition, submission)
}

#[test]
fn the_loader_shows_exactly_the_questions_core_shows() {
    let mut dice = Dice(21);
    let cases: Vec<(FormDefinition, Submission)> = (0..400).map(|_| case(&mut dice)).collect();
    let expected: Vec<Vec<bool>> = cases
        .iter()
        .map(|(definition, submission)| visible_questions(definition, submission))
        .collect();
    assert!(
        expected.iter().flatten().any(|shown| !shown)
            && expected.iter().flatten().any(|shown| *shown),
        "the cases hide some questions and show others"
    );
    let input: Vec<Value> = cases
        .iter()
        .map(|(definition, submission)| {
            json!({ "definition": definition, "values": submission.values, "direction": submission.direction })
        })
        .collect();
    let module = concat!(env!("CARGO_MANIFEST_DIR"), "/../../embed/src/visibility.js");
    let script = format!(
        r#"import {{ visibleQuestions }} from {path};
           let text = "";
           process.stdin.on("data", (chunk) => (text += chunk));
           process.stdin.on("end", () => {{
             const cases = JSON.parse(text);
             console.log(JSON.stringify(cases.map((c) => visibleQuestions(c.definition, c.values, c.direction ?? undefined))));
           }});"#,
        path = serde_json::to_string(&format!("file://{module}")).expect("path")
    );
    let mut child = Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node runs (cargo xtask installs it)");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(serde_json::to_string(&input).expect("JSON").as_bytes())
            .expect("cases written");
    }
    let output = child.wait_with_output().expect("node ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let computed: Vec<Vec<bool>> = serde_json::from_slice(&output.stdout).expect("JSON");
    for (index, (core, loader)) in expected.iter().zip(&computed).enumerate() {
        assert_eq!(
            core,
            loader,
            "case {index}: {}",
            serde_json::to_string(&input[index]).unwrap_or_default()
        );
    }
    assert_eq!(computed.len(), cases.len());
}
