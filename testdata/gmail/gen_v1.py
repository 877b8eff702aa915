#!/usr/bin/env python3
"""gen_v1.py — writes the Gmail typeVersion 1 golden workflows (v1-*.workflow.json)."""
from gen import wf, code, gmail  # noqa: E402  (gen.py rewrites its own workflows on import)


def g1(name, params, **kw):
    kw.setdefault("typeVersion", 1)
    return gmail(name, params, **kw)


wf("v1-message-send", [
    code("Recipients", "return [{json:{to:'bob@example.org', name:'Bob'}}, {json:{to:'carol@example.net', name:'Carol'}}];"),
    g1("Send", {"resource": "message", "operation": "send", "toList": ["={{ $json.to }}", "dan@example.com"],
                "subject": "=Hello {{ $json.name }}", "message": "=Hi {{ $json.name }},\nthe report is ready.",
                "additionalFields": {"ccList": ["cc@example.com"], "bccList": ["bcc1@example.com", "bcc2@example.com"],
                                     "senderName": "n8n Bot <bot@example.com>"}}),
    g1("Send HTML", {"resource": "message", "toList": ["erin@example.com"], "subject": "Plain ünïcode café",
                     "includeHtml": True, "htmlMessage": "<p>Hello <b>Erin</b></p>", "message": "Hello Erin",
                     "additionalFields": {}}, executeOnce=True),
])

wf("v1-message-get", [
    g1("Get Resolved", {"resource": "message", "operation": "get", "messageId": "19b0000000000002", "additionalFields": {}}),
    g1("Get Full", {"resource": "message", "operation": "get", "messageId": "19b0000000000001",
                    "additionalFields": {"format": "full"}}),
    g1("Get Many Metadata", {"resource": "message", "operation": "getAll", "limit": 2,
                             "additionalFields": {"format": "metadata"}}, executeOnce=True),
    g1("Get Many Ids", {"resource": "message", "operation": "getAll", "returnAll": True,
                        "additionalFields": {"format": "ids", "q": "from:bob@example.org", "labelIds": []}}, executeOnce=True),
    g1("Get Many Resolved", {"resource": "message", "operation": "getAll", "limit": 1,
                             "additionalFields": {"labelIds": ["Label_1"], "includeSpamTrash": False}}, executeOnce=True),
])

wf("v1-message-reply", [
    g1("Get Minimal", {"resource": "message", "operation": "get", "messageId": "19b0000000000002",
                       "additionalFields": {"format": "minimal"}}),
    g1("Reply", {"resource": "message", "operation": "reply", "messageId": "={{ $json.id }}", "threadId": "={{ $json.threadId }}",
                 "toList": [], "subject": "ignored", "message": "Thanks, noted.", "additionalFields": {}}),
    g1("Reply To List", {"resource": "message", "operation": "reply", "messageId": "19b0000000000001", "threadId": "19b0000000000001",
                         "toList": ["alice@example.com"], "message": "Paid.", "includeHtml": True, "htmlMessage": "<p>Paid.</p>",
                         "additionalFields": {"ccList": ["books@example.com"]}}, executeOnce=True),
    g1("Delete", {"resource": "message", "operation": "delete", "messageId": "19b0000000000005"}, executeOnce=True),
])

wf("v1-labels", [
    g1("Create Label", {"resource": "label", "name": "Receipts", "labelListVisibility": "labelShow", "messageListVisibility": "hide"}),
    g1("Get Label", {"resource": "label", "operation": "get", "labelId": "={{ $json.id }}"}),
    g1("List Labels", {"resource": "label", "operation": "getAll", "limit": 2}, executeOnce=True),
    g1("Add Labels", {"resource": "messageLabel", "messageId": "19b0000000000002", "labelIds": ["Label_1", "STARRED"]}, executeOnce=True),
    g1("Remove Labels", {"resource": "messageLabel", "operation": "remove", "messageId": "19b0000000000001", "labelIds": ["Label_1"]}, executeOnce=True),
    g1("Delete Label", {"resource": "label", "operation": "delete", "labelId": "Label_2"}, executeOnce=True),
])

wf("v1-drafts", [
    g1("Create Draft", {"subject": "New plan", "message": "Plan body\nsecond line",
                        "additionalFields": {"toList": ["bob@example.org"], "ccList": ["carol@example.net"]}}),
    g1("Get Draft", {"resource": "draft", "operation": "get", "messageId": "r7000000000000000001", "additionalFields": {}}, executeOnce=True),
    g1("List Drafts Raw", {"resource": "draft", "operation": "getAll", "returnAll": True, "additionalFields": {"format": "raw"}}, executeOnce=True),
    g1("List Drafts", {"resource": "draft", "operation": "getAll", "limit": 5, "additionalFields": {}}, executeOnce=True),
    g1("Delete Draft", {"resource": "draft", "operation": "delete", "messageId": "r7000000000000000001"}, executeOnce=True),
])

wf("v1-errors", [
    code("Two", "return [{json:{id:'19b00000000000ff'}}, {json:{id:'19b0000000000002'}}];"),
    g1("Get Missing", {"resource": "message", "operation": "get", "messageId": "={{ $json.id }}",
                       "additionalFields": {"format": "minimal"}}, continueOnFail=True),
    g1("Missing Label", {"resource": "label", "operation": "get", "labelId": "Label_404"}, executeOnce=True),
])

# token-refresh: the seeded access token is good for two requests
# (token-refresh.seed.json); the third gets a 401 and is sent again with a
# token renewed at oauth2.googleapis.com (record.sh starts the fake with -oauth).
wf("token-refresh", [
    gmail("List Labels", {"resource": "label", "returnAll": True}),
    gmail("Get Label", {"resource": "label", "operation": "get", "labelId": "Label_1"}, executeOnce=True),
    gmail("Get Message", {"operation": "get", "messageId": "19b0000000000002", "simple": False, "options": {}}, executeOnce=True),
    gmail("Get Label Again", {"resource": "label", "operation": "get", "labelId": "Label_2"}, executeOnce=True),
])
