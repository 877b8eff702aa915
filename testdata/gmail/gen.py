#!/usr/bin/env python3
"""gen.py — writes the Gmail golden workflows (NAME.workflow.json).

Each is a chain from a Manual Trigger; Gmail nodes use the gmailOAuth2
credential of creds.json. Message ids are the seed's (seed.json): the fake
numbers them 19b0000000000001… in seed order.
"""
import json

CRED = {"gmailOAuth2": {"id": "gmail-test", "name": "Gmail test"}}


def wf(name, chain):
    nodes = [{"id": "t", "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1,
              "position": [0, 0], "parameters": {}}]
    conns = {}
    prev = "Start"
    for i, n in enumerate(chain):
        n = dict(n)
        n.setdefault("id", f"n{i}")
        n.setdefault("position", [200 * (i + 1), 0])
        if n["type"] == "n8n-nodes-base.gmail":
            n.setdefault("typeVersion", 2.1)
            n["credentials"] = CRED
        conns[prev] = {"main": [[{"node": n["name"], "type": "main", "index": 0}]]}
        prev = n["name"]
        nodes.append(n)
    doc = {"name": name, "nodes": nodes, "connections": conns, "settings": {"executionOrder": "v1"}}
    with open(name + ".workflow.json", "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


def code(name, js):
    return {"name": name, "type": "n8n-nodes-base.code", "typeVersion": 2, "parameters": {"jsCode": js}}


def gmail(name, params, **kw):
    n = {"name": name, "type": "n8n-nodes-base.gmail", "parameters": params}
    n.update(kw)
    return n


wf("message-send", [
    code("Recipients", "return [{json:{email:'bob@example.org', name:'Bob'}}, {json:{email:'carol@example.net, Dan D <dan@example.com>', name:'Carol & Dan'}}];"),
    gmail("Send HTML", {"sendTo": "={{ $json.email }}", "subject": "=Hello {{ $json.name }}",
                        "message": "=<p>Hi <b>{{ $json.name }}</b>,</p><p>Your report is ready.</p>", "options": {}}),
    gmail("Send Text", {"sendTo": "erin@example.com", "subject": "Plain ünïcode café", "emailType": "text",
                        "message": "=Line one\nLine two for {{ $json.id }}\n",
                        "options": {"appendAttribution": False, "ccList": "cc1@example.com, Cc Two <cc2@example.com>",
                                    "bccList": "bcc@example.com", "replyTo": "replies@example.com", "senderName": "n8n Bot"}}),
    gmail("Send v2", {"sendTo": "frank@example.com", "subject": "Version 2", "message": "<p>No attribution by default</p>", "options": {}},
          typeVersion=2),
    gmail("Send Text Attribution", {"sendTo": "gina@example.com", "subject": "Text with attribution", "emailType": "text",
                                    "message": "Short text", "options": {}}, executeOnce=True),
])

wf("message-send-attachment", [
    code("Data", "return [{json:{text:'name,total\\na,1\\nb,2\\n'}}];"),
    {"name": "To File", "type": "n8n-nodes-base.convertToFile", "typeVersion": 1.1,
     "parameters": {"operation": "toText", "sourceProperty": "text", "options": {"fileName": "report.csv"}}},
    gmail("Send With Attachment", {"sendTo": "bob@example.org", "subject": "Report", "message": "<p>Attached.</p>",
                                   "options": {"attachmentsUi": {"attachmentsBinary": [{"property": "data"}]}, "appendAttribution": False}}),
])

wf("message-get", [
    gmail("Get Simple", {"operation": "get", "messageId": "19b0000000000002"}),
    gmail("Get Raw", {"operation": "get", "messageId": "19b0000000000001", "simple": False, "options": {}}),
    gmail("Get Raw Attachment", {"operation": "get", "messageId": "19b0000000000003", "simple": False,
                                 "options": {"downloadAttachments": True}}, executeOnce=True),
    gmail("Get Raw QP", {"operation": "get", "messageId": "19b0000000000006", "simple": False, "options": {}}, executeOnce=True),
])

wf("message-getall", [
    gmail("Get Many", {"operation": "getAll", "limit": 3, "filters": {}}),
    gmail("Get Many Filtered", {"operation": "getAll", "returnAll": True,
                                "filters": {"readStatus": "unread", "labelIds": ["INBOX"], "sender": "carol@example.net"}},
          executeOnce=True),
    gmail("Get Many Raw", {"operation": "getAll", "limit": 2, "simple": False,
                           "filters": {"q": "invoice", "readStatus": "both", "includeSpamTrash": True}, "options": {}},
          executeOnce=True),
    gmail("Get Many After", {"operation": "getAll", "returnAll": True,
                             "filters": {"receivedAfter": "2026-01-06T00:00:00.000Z", "receivedBefore": "2026-01-09T00:00:00"}},
          executeOnce=True),
])

wf("message-labels", [
    gmail("Add Labels", {"operation": "addLabels", "messageId": "19b0000000000002", "labelIds": ["Label_1", "STARRED"]}),
    gmail("Remove Labels", {"operation": "removeLabels", "messageId": "19b0000000000001", "labelIds": ["Label_1"]}),
    gmail("Mark Read", {"operation": "markAsRead", "messageId": "19b0000000000003"}),
    gmail("Mark Unread", {"operation": "markAsUnread", "messageId": "={{ '19b0000000000002' }}"}),
    gmail("Delete", {"operation": "delete", "messageId": "19b0000000000005"}),
])

wf("message-reply", [
    gmail("Reply", {"operation": "reply", "messageId": "19b0000000000002", "emailType": "text",
                    "message": "Thanks for the update!", "options": {"ccList": "boss@example.com"}}),
    gmail("Reply Sender Only", {"operation": "reply", "messageId": "19b0000000000006",
                                "message": "<p>See you there</p>", "options": {"replyToSenderOnly": True, "senderName": "Me"}}),
])

wf("labels", [
    gmail("Create Label", {"resource": "label", "operation": "create", "name": "Receipts", "options": {}}),
    gmail("Create Hidden", {"resource": "label", "operation": "create", "name": "Archive/2025",
                            "options": {"labelListVisibility": "labelHide", "messageListVisibility": "hide"}}),
    gmail("Get Label", {"resource": "label", "operation": "get", "labelId": "Label_1"}),
    gmail("List Labels", {"resource": "label", "returnAll": True}, executeOnce=True),
    gmail("List 3 Labels", {"resource": "label", "limit": 3}, executeOnce=True),
    gmail("Delete Label", {"resource": "label", "operation": "delete", "labelId": "Label_2"}, executeOnce=True),
])

wf("drafts", [
    gmail("Create Draft", {"resource": "draft", "subject": "New plan", "message": "Plan body\nsecond line",
                           "options": {"sendTo": "erin@example.com", "ccList": "frank@example.com"}}),
    gmail("Create Draft HTML Thread", {"resource": "draft", "subject": "Re: Project update", "emailType": "html",
                                       "message": "<p>Draft reply</p>", "options": {"threadId": "19b0000000000002"}}),
    gmail("Get Draft", {"resource": "draft", "operation": "get", "messageId": "r7000000000000000001", "options": {}}),
    gmail("List Drafts", {"resource": "draft", "operation": "getAll", "returnAll": True, "options": {}}, executeOnce=True),
    gmail("Delete Draft", {"resource": "draft", "operation": "delete", "messageId": "r7000000000000000001"}, executeOnce=True),
])

wf("threads", [
    gmail("Get Thread", {"resource": "thread", "operation": "get", "threadId": "19b0000000000001", "options": {}}),
    gmail("List Threads", {"resource": "thread", "limit": 2, "filters": {"labelIds": ["INBOX"]}}, executeOnce=True),
    gmail("Thread Add Labels", {"resource": "thread", "operation": "addLabels", "threadId": "19b0000000000001",
                                "labelIds": ["STARRED"]}, executeOnce=True),
    gmail("Trash Thread", {"resource": "thread", "operation": "trash", "threadId": "19b0000000000006"}, executeOnce=True),
])

wf("errors", [
    gmail("Get Missing", {"operation": "get", "messageId": "19b00000000000ff"}, onError="continueRegularOutput"),
    gmail("Bad Id", {"operation": "markAsRead", "messageId": "not-an-id"}, onError="continueRegularOutput"),
    gmail("Duplicate Label", {"resource": "label", "operation": "create", "name": "Invoices", "options": {}},
          onError="continueRegularOutput"),
    gmail("Bad Address", {"sendTo": "nobody", "subject": "x", "message": "x", "options": {}}, onError="continueRegularOutput"),
    gmail("Missing Label", {"resource": "label", "operation": "get", "labelId": "Label_404"}),
])

# paging.seed.json holds 105 messages under Label_9: two list pages.
wf("paging", [
    gmail("Get All Bulk", {"operation": "getAll", "returnAll": True, "filters": {"labelIds": ["Label_9"]}}),
    gmail("First 5 Unread Raw", {"operation": "getAll", "limit": 5, "simple": False,
                                 "filters": {"readStatus": "unread", "labelIds": ["Label_9"]}, "options": {}}, executeOnce=True),
])

# rate-limit.faults.json makes the fake answer the first send with Google's
# 429 and the first labels call with its 403 rateLimitExceeded.
wf("rate-limit", [
    gmail("Send Limited", {"sendTo": "bob@example.org", "subject": "x", "message": "x", "options": {"appendAttribution": False}},
          onError="continueRegularOutput"),
    gmail("Labels Limited", {"resource": "label", "returnAll": True}, onError="continueRegularOutput"),
    gmail("Labels Again", {"resource": "label", "limit": 2}),
])
