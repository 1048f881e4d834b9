//! `replylint mcp`: a Model Context Protocol server on stdin and stdout, with the official SDK
//! (`rmcp`). The rules are loaded once; three tools answer:
//!
//! - `lint_reply`: its arguments are the envelope's own fields (`draft`, `channel`, `thread`, …;
//!   `docs/envelope.schema.json` is its input schema) and its answer the agent result (structured,
//!   and as JSON text; `docs/agent-result.schema.json` is its output schema).
//! - `list_rules`: the loaded rules, with the severity and on/off state the configuration gives.
//! - `explain_rule`: one rule's documentation, by id.
//!
//! A request the tools cannot answer (a malformed envelope, an unknown rule) is a tool result
//! marked as an error, whose text says what to change: the calling model reads it, where a
//! protocol error would reach it only as "internal error".

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, JsonObject, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::{Value, json};

use replylint::ColumnUnit;
use replylint::error::{Error, ExitStatus};
use replylint::{RuleSet, Severity};
use replylint::{Thresholds, check_draft};

use super::args::McpArgs;
use super::settings::{Resolver, Settings, load};
use super::{pipeline, rule_info};

/// The input schema of `lint_reply`: the envelope's.
const ENVELOPE_SCHEMA: &str = include_str!("../../docs/envelope.schema.json");
/// The output schema of `lint_reply`: the agent result's.
const RESULT_SCHEMA: &str = include_str!("../../docs/agent-result.schema.json");

/// What the server tells the client about itself, for the model's instructions.
const INSTRUCTIONS: &str = "replylint checks a reply to a customer before it is sent. Call \
    `lint_reply` with the draft and what you know of the conversation (the channel, the thread \
    with timestamps, the customer's name); it answers with a verdict: `send` (send the `fixed` \
    text), `revise` (rewrite the draft as the `summary` and `diagnostics` say, then check it \
    again) or `block` (do not send it as it is). `explain_rule` tells what a rule wants.";

/// Serve MCP on stdin and stdout until the client goes away.
pub(crate) fn run(args: &McpArgs, stderr: &mut dyn std::io::Write) -> Result<ExitStatus, Error> {
    let a = args.service.as_check();
    let settings = Resolver::new(&a)?.for_stdin(a.stdin_filename.as_deref())?;
    // The lint uses the lean rules; `explain_rule` shows the docs and examples the packs hold.
    let config = settings.config.as_deref().map(replylint::config::load).transpose()?;
    let documented = load(&a.rule_options, config.as_ref(), false)?;
    let server = Server {
        settings,
        documented,
        thresholds: super::agent::thresholds(&a),
        unit: a.column_unit,
        tools: tools(),
    };
    // One thread: a lint is a few milliseconds of CPU, and a client asks one thing at a time.
    let outcome = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start its runtime: {e}"))
        .and_then(|runtime| {
            runtime.block_on(async move {
                let running = server
                    .serve(rmcp::transport::stdio())
                    .await
                    .map_err(|e| e.to_string())?;
                running.waiting().await.map_err(|e| e.to_string())
            })
        });
    match outcome {
        Ok(_) => Ok(ExitStatus::Clean),
        Err(why) => {
            writeln!(stderr, "error: the MCP session failed: {why}")?;
            Ok(ExitStatus::Error)
        }
    }
}

/// A built-in schema as a tool's inline schema (a test pins that both parse).
fn schema(text: &str) -> Arc<JsonObject> {
    let mut o = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => o,
        _ => JsonObject::new(),
    };
    // Inline, the file's own identity means nothing to a client.
    o.remove("$id");
    Arc::new(o)
}

/// The three tools, with their schemas.
fn tools() -> Vec<Tool> {
    let object = |properties: Value, required: &[&str]| -> Arc<JsonObject> {
        let mut o = JsonObject::new();
        o.insert("type".to_owned(), json!("object"));
        o.insert("properties".to_owned(), properties);
        o.insert("required".to_owned(), json!(required));
        o.insert("additionalProperties".to_owned(), json!(false));
        Arc::new(o)
    };
    let read_only = |title: &str| {
        ToolAnnotations::with_title(title)
            .read_only(true)
            .destructive(false)
            .idempotent(true)
            .open_world(false)
    };
    vec![
        Tool::new(
            "lint_reply",
            "Check a reply to a customer before sending it. Pass the draft and what is known of \
             the conversation (channel, thread with timestamps, customer name, now). Returns a \
             verdict (send, revise or block), a plain-language summary, the located findings, \
             and `fixed`: the draft with its safe fixes applied, to send when the verdict is send.",
            schema(ENVELOPE_SCHEMA),
        )
        .with_raw_output_schema(schema(RESULT_SCHEMA))
        .annotate(read_only("Lint a reply")),
        Tool::new(
            "list_rules",
            "List the rules replylint checks replies against: id, category, severity, whether it \
             is on, whether it has a fix, and a one-line summary.",
            object(
                json!({"category": {"type": "string", "description": "Only the rules of this category (tone, spelling, timing, …)."}}),
                &[],
            ),
        )
        .annotate(read_only("List rules")),
        Tool::new(
            "explain_rule",
            "Explain one rule: what it checks, why, how to resolve its findings, with examples.",
            object(
                json!({"rule": {"type": "string", "description": "The rule id, e.g. tone.sarcasm (from a finding's `rule` or from list_rules)."}}),
                &["rule"],
            ),
        )
        .annotate(read_only("Explain a rule")),
    ]
}

/// The loaded rules and the settings every request is checked with.
struct Server {
    settings: Arc<Settings>,
    /// The same rules with their documentation, for `explain_rule`.
    documented: RuleSet,
    thresholds: Thresholds,
    unit: ColumnUnit,
    tools: Vec<Tool>,
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("replylint", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let arguments = request.arguments.unwrap_or_default();
        let result = match request.name.as_ref() {
            "lint_reply" => self.lint_reply(arguments),
            "list_rules" => self.list_rules(&arguments),
            "explain_rule" => self.explain_rule(&arguments),
            other => {
                return Err(ErrorData::invalid_params(
                    format!("unknown tool `{other}`: replylint has lint_reply, list_rules and explain_rule"),
                    None,
                ));
            }
        };
        Ok(result.into())
    }
}

impl Server {
    fn lint_reply(&self, arguments: JsonObject) -> CallToolResult {
        let text = Value::Object(arguments).to_string();
        // Fields the schema does not name are the client's own: no warnings.
        let (draft, convo) = match pipeline::envelope(&self.settings, "lint_reply", &text, None) {
            Ok(read) => read,
            Err(e) => return failure(&e.message),
        };
        let result = check_draft(&self.settings.engine, &draft, &convo, self.thresholds, self.unit);
        match serde_json::to_value(&result) {
            Ok(value) => CallToolResult::structured(value),
            Err(e) => failure(&format!("cannot write the result: {e}")),
        }
    }

    fn list_rules(&self, arguments: &JsonObject) -> CallToolResult {
        let category = match arguments.get("category") {
            None | Some(Value::Null) => None,
            Some(Value::String(c)) => Some(c.as_str()),
            Some(_) => return failure("`category` must be a string such as \"tone\""),
        };
        if let Some(c) = category.filter(|c| !replylint::CATEGORIES.contains(c)) {
            return failure(&format!(
                "unknown category `{c}`; the categories are {}",
                replylint::CATEGORIES.join(", ")
            ));
        }
        let rules: Vec<Value> = self
            .documented
            .iter()
            .filter(|r| category.is_none_or(|c| r.id.category() == c))
            .map(|r| {
                let (severity, on) = self.state(r.id.as_str(), r.severity);
                rule_info::summary_json(r, severity, on)
            })
            .collect();
        CallToolResult::structured(json!({ "rules": rules }))
    }

    fn explain_rule(&self, arguments: &JsonObject) -> CallToolResult {
        let Some(id) = arguments.get("rule").and_then(Value::as_str) else {
            return failure("`rule` must be a rule id such as \"tone.sarcasm\"; list_rules lists them");
        };
        let Some(r) = self.documented.get(id) else {
            return failure(&rule_info::unknown(&self.documented, id));
        };
        let (severity, on) = self.state(r.id.as_str(), r.severity);
        let mut result = CallToolResult::structured(rule_info::explain_json(r, severity, on));
        // A model reads Markdown better than escaped JSON.
        result.content = vec![ContentBlock::text(rule_info::markdown(r))];
        result
    }

    /// A rule's severity and whether it runs, as the engine has them.
    fn state(&self, id: &str, declared: Severity) -> (Severity, bool) {
        self.settings
            .engine
            .rules()
            .find(|(r, _)| r.id.as_str() == id)
            .map_or((declared, false), |(_, s)| (s, true))
    }
}

/// A tool result that tells the model what went wrong.
fn failure(message: &str) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message.to_owned())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_schemas_are_objects() {
        for text in [ENVELOPE_SCHEMA, RESULT_SCHEMA] {
            let s = schema(text);
            assert_eq!(s.get("type"), Some(&json!("object")), "{text}");
            assert!(!s.contains_key("$id"));
        }
    }

    #[test]
    fn the_envelope_schema_names_every_envelope_field() {
        let s = schema(ENVELOPE_SCHEMA);
        let mut named: Vec<&str> = s["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut fields = replylint::input::envelope::FIELDS.to_vec();
        named.sort_unstable();
        fields.sort_unstable();
        assert_eq!(named, fields);
    }

    #[test]
    fn three_tools_each_with_an_object_schema() {
        let names: Vec<String> = tools().iter().map(|t| t.name.to_string()).collect();
        assert_eq!(names, ["lint_reply", "list_rules", "explain_rule"]);
        for t in tools() {
            assert_eq!(t.input_schema.get("type"), Some(&json!("object")), "{}", t.name);
        }
    }
}
