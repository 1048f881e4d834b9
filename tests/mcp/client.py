"""End-to-end test of `replylint mcp` with the official Python MCP client (`mcp` on PyPI).

Run by `.ci/run`, which installs the client in a virtual environment:
    python tests/mcp/client.py target/debug/replylint
It starts the server over stdio as an MCP host would, lists its tools, and calls each one.
Every failure is an assertion with the server's answer in it; exit 0 means all passed.
"""

import asyncio
import json
import pathlib
import sys

import jsonschema
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

REPO = pathlib.Path(__file__).resolve().parents[2]
RESULT_SCHEMA = json.loads((REPO / "docs" / "agent-result.schema.json").read_text())

SARCASTIC = "Yeah, right. The courier tried to deliver it three times."
CLEAN = "Thanks for waiting, Dana. Your parcel left the warehouse today and should arrive on Friday."


def result_of(answer):
    """The agent result of a lint_reply answer: structured, the same as its JSON text, valid."""
    assert not answer.is_error, answer
    structured = answer.structured_content
    assert structured is not None, answer
    jsonschema.validate(structured, RESULT_SCHEMA)
    texts = [c.text for c in answer.content if c.type == "text"]
    assert texts and json.loads(texts[0]) == structured, answer
    return structured


async def main(binary):
    server = StdioServerParameters(command=binary, args=["mcp", "--isolated"])
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            assert init.server_info.name == "replylint", init

            tools = {t.name: t for t in (await session.list_tools()).tools}
            assert sorted(tools) == ["explain_rule", "lint_reply", "list_rules"], sorted(tools)
            schema = tools["lint_reply"].input_schema
            assert schema["required"] == ["draft"], schema
            for field in ["draft", "channel", "thread", "now", "customer", "visibility", "purpose"]:
                assert field in schema["properties"], field
            print("ok: three tools; lint_reply takes the envelope's fields")

            sarcastic = result_of(await session.call_tool("lint_reply", {"draft": SARCASTIC}))
            assert sarcastic["verdict"] == "revise", sarcastic
            assert any(d["rule"] == "tone.sarcasm" for d in sarcastic["diagnostics"]), sarcastic
            print("ok: a sarcastic draft gets revise:", sarcastic["summary"])

            clean = result_of(await session.call_tool("lint_reply", {"draft": CLEAN, "channel": "whatsapp"}))
            assert clean["verdict"] == "send", clean
            assert clean["fixed"] == CLEAN, clean
            print("ok: a clean draft gets send")

            late = result_of(
                await session.call_tool(
                    "lint_reply",
                    {
                        "draft": "Hi Marco, your replacement charger has shipped and arrives Thursday.",
                        "channel": "messenger",
                        "now": "2026-06-11T09:30:00Z",
                        "customer": {"name": "Marco"},
                        "thread": [
                            {"role": "customer", "text": "My charger broke. Can you send a new one?", "at": "2026-06-09T16:05:00Z"}
                        ],
                    },
                )
            )
            assert late["verdict"] == "block", late
            assert any(d["rule"] == "timing.outside-window" for d in late["diagnostics"]), late
            print("ok: a reply outside Messenger's window gets block")

            typo = result_of(await session.call_tool("lint_reply", {"draft": "We recieved your parcel today."}))
            assert typo["fixed"] != "We recieved your parcel today." or typo["verdict"] != "send", typo

            bad = await session.call_tool("lint_reply", {"draft": "Hello", "channel": "fax"})
            assert bad.is_error, bad
            assert "channel" in bad.content[0].text, bad
            print("ok: a bad envelope is a tool error the model can read:", bad.content[0].text)

            listed = await session.call_tool("list_rules", {})
            ids = [r["id"] for r in listed.structured_content["rules"]]
            assert "tone.sarcasm" in ids and len(ids) > 20, ids
            tone = await session.call_tool("list_rules", {"category": "tone"})
            assert {r["category"] for r in tone.structured_content["rules"]} == {"tone"}, tone
            print(f"ok: list_rules lists {len(ids)} rules")

            explained = await session.call_tool("explain_rule", {"rule": "tone.sarcasm"})
            assert not explained.is_error, explained
            assert explained.structured_content["id"] == "tone.sarcasm", explained
            assert explained.content[0].text.startswith("# tone.sarcasm"), explained
            unknown = await session.call_tool("explain_rule", {"rule": "tone.sarcasmm"})
            assert unknown.is_error and "tone.sarcasm" in unknown.content[0].text, unknown
            print("ok: explain_rule explains, and suggests for a misspelt id")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: client.py PATH-TO-REPLYLINT")
    asyncio.run(main(sys.argv[1]))
