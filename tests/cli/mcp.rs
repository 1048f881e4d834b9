//! `replylint mcp` (issue 14) speaks the Model Context Protocol over stdio: JSON-RPC requests in,
//! one answer each. `.ci/run` also drives it with the official Python client
//! (`tests/mcp/client.py`); these tests pin the wire format without one.

use serde_json::{Value, json};

use crate::{SARCASTIC, replylint, repo};

const CLEAN: &str = "Thanks for waiting, Dana. Your parcel left the warehouse today and should arrive on Friday.";

/// Send `requests` after the handshake, close stdin, and return the answers by request id.
fn session(requests: &[Value]) -> Vec<Value> {
    let mut lines = vec![
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "replylint-tests", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
    ];
    lines.extend(requests.iter().cloned());
    let input: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    let out = replylint()
        .args(["mcp", "--isolated"])
        .write_stdin(input)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let answers: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    // One answer per request, the handshake's included.
    assert_eq!(answers.len(), requests.len() + 1, "{answers:#?}");
    let mut by_id = answers;
    by_id.sort_by_key(|a| a["id"].as_u64());
    by_id
}

fn call(id: u64, tool: &str, arguments: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": tool, "arguments": arguments}})
}

fn validator(schema: &str) -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("docs").join(schema)).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn lists_three_tools_and_judges_drafts() {
    let answers = session(&[
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
        call(2, "lint_reply", json!({"draft": SARCASTIC})),
        call(3, "lint_reply", json!({"draft": CLEAN, "channel": "whatsapp"})),
    ]);
    assert_eq!(answers[0]["result"]["serverInfo"]["name"], "replylint");
    let tools = answers[1]["result"]["tools"].as_array().unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["lint_reply", "list_rules", "explain_rule"]);
    // lint_reply's arguments are the envelope's fields, and its answer the agent result.
    let lint = &tools[0];
    assert_eq!(lint["inputSchema"]["required"], json!(["draft"]));
    assert!(lint["inputSchema"]["properties"]["thread"].is_object());
    assert_eq!(lint["outputSchema"]["title"], "replylint agent result");
    assert_eq!(lint["annotations"]["readOnlyHint"], true);

    let result = validator("agent-result.schema.json");
    for (answer, verdict) in [(&answers[2], "revise"), (&answers[3], "send")] {
        let r = &answer["result"];
        assert_eq!(r["isError"], false, "{answer:#}");
        let structured = &r["structuredContent"];
        assert!(result.is_valid(structured), "{structured:#}");
        assert_eq!(structured["verdict"], verdict, "{structured:#}");
        // The same result as text, for clients that read only content.
        let text: Value = serde_json::from_str(r["content"][0]["text"].as_str().unwrap()).unwrap();
        assert_eq!(&text, structured);
    }
    assert_eq!(answers[3]["result"]["structuredContent"]["fixed"], CLEAN);
}

#[test]
fn bad_arguments_are_tool_errors_the_model_can_read() {
    let answers = session(&[
        call(1, "lint_reply", json!({"draft": "Hello", "channel": "fax"})),
        call(2, "lint_reply", json!({"channel": "sms"})),
        call(3, "explain_rule", json!({"rule": "tone.sarcasmm"})),
        call(4, "list_rules", json!({"category": "tones"})),
        call(5, "no_such_tool", json!({})),
    ]);
    let text = |a: &Value| {
        assert_eq!(a["result"]["isError"], true, "{a:#}");
        a["result"]["content"][0]["text"].as_str().unwrap().to_owned()
    };
    assert!(text(&answers[1]).contains("unknown channel `fax`"));
    assert!(text(&answers[2]).contains("draft"));
    assert!(text(&answers[3]).contains("did you mean `tone.sarcasm`"));
    assert!(text(&answers[4]).contains("unknown category `tones`"));
    // An unknown tool is the one protocol error: the request itself cannot be routed.
    assert!(answers[5]["error"]["message"].as_str().unwrap().contains("lint_reply"));
}

#[test]
fn lists_and_explains_rules() {
    let answers = session(&[
        call(1, "list_rules", json!({})),
        call(2, "list_rules", json!({"category": "tone"})),
        call(3, "explain_rule", json!({"rule": "tone.sarcasm"})),
    ]);
    let all = answers[1]["result"]["structuredContent"]["rules"].as_array().unwrap();
    assert!(all.iter().any(|r| r["id"] == "tone.sarcasm" && r["default"] == true));
    let tone = answers[2]["result"]["structuredContent"]["rules"].as_array().unwrap();
    assert!(!tone.is_empty() && tone.iter().all(|r| r["category"] == "tone"));
    assert!(tone.len() < all.len());
    let explained = &answers[3]["result"];
    assert_eq!(explained["structuredContent"]["id"], "tone.sarcasm");
    assert!(
        !explained["structuredContent"]["examples"]["flagged"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        explained["content"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("# tone.sarcasm: ")
    );
}

#[test]
fn the_envelope_schema_accepts_every_example_envelope_and_bites() {
    let schema = validator("envelope.schema.json");
    let mut seen = 0;
    for entry in std::fs::read_dir(repo().join("examples/envelopes")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let envelope: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors: Vec<String> = schema.iter_errors(&envelope).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 5);
    assert!(!schema.is_valid(&json!({"channel": "sms"})));
    assert!(!schema.is_valid(&json!({"draft": "Hi", "channel": "fax"})));
    assert!(!schema.is_valid(&json!({"draft": "Hi", "thread": [{"text": "no role"}]})));
}
