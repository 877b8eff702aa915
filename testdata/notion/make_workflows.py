#!/usr/bin/env python3
"""Writes the NAME.workflow.json files that record.sh runs through real
n8n 1.123.81 (and the golden test through n8n-go) against the Notion fake
seeded with seed.json. Template node parameters are copied from
workflows/notion-clockify-sync.json."""
import json, os

here = os.path.dirname(os.path.abspath(__file__))
template = json.load(open(os.path.join(here, "../../workflows/notion-clockify-sync.json")))
tnodes = {n["name"]: n for n in template["nodes"]}

CLIENTS = "1a878e40-f803-80e4-bc79-e24747562817"
BUCKETS = "1a878e40-f803-80bf-a72a-d7373be374b2"
EVERY = "2b000000-0000-4000-8000-000000000001"
MANY = "2b000000-0000-4000-8000-000000000002"
HOME = "3c000000-0000-4000-8000-000000000001"
KITCHEN = "1a878e40-f803-81e0-a000-000000000001"
EMPTY = "1a878e40-f803-81e0-a000-000000000002"
CREDS = {"notionApi": {"id": "notion-test", "name": "Notion test"}}

def rl(value, mode="id"):
    return {"__rl": True, "mode": mode, "value": value}

def notion(name, params, version=2.2, **kw):
    n = {"parameters": params, "name": name, "type": "n8n-nodes-base.notion", "typeVersion": version,
         "position": [0, 0], "id": name.lower().replace(" ", "-"), "credentials": CREDS}
    n.update(kw)
    return n

def from_template(name):
    n = dict(tnodes[name])
    n = {k: n[k] for k in ("parameters", "name", "type", "typeVersion")}
    n.update({"position": [0, 0], "id": name.lower().replace(" ", "-"), "credentials": CREDS})
    return n

def noop(name):
    return {"parameters": {}, "name": name, "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [0, 0], "id": name.lower().replace(" ", "-")}

def workflow(name, nodes, fanout=False):
    start = {"parameters": {}, "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [-200, 0], "id": "start"}
    all_nodes = [start] + nodes
    for i, n in enumerate(all_nodes):
        n["position"] = [i * 200, 0]
    conns = {}
    if fanout:
        conns["Start"] = {"main": [[{"node": n["name"], "type": "main", "index": 0} for n in nodes]]}
    else:
        for a, b in zip(all_nodes, all_nodes[1:]):
            conns[a["name"]] = {"main": [[{"node": b["name"], "type": "main", "index": 0}]]}
    wf = {"name": name, "nodes": all_nodes, "connections": conns, "settings": {"executionOrder": "v1"}}
    with open(os.path.join(here, name + ".workflow.json"), "w") as f:
        json.dump(wf, f, indent=1)
        f.write("\n")

getall = {"resource": "databasePage", "operation": "getAll"}

workflow("paging-250", [notion("Get all pages", dict(getall, returnAll=True, databaseId=rl(MANY, "list"), options={}))])
workflow("status-filter", [from_template("Get active Projects from Notion")])
workflow("json-filter-rollup", [from_template("Get active Tasks from Notion")])
workflow("rollup-text", [notion("Get buckets", dict(getall, returnAll=True, databaseId=rl(BUCKETS, "id"), options={}))])
workflow("every-type-simple", [notion("Get everything", dict(getall, limit=10, databaseId=rl("https://www.notion.so/2b00000000004000800000000000000" + "1", "url"), options={}))])
workflow("every-type-raw", [notion("Get everything raw", dict(getall, simple=False, returnAll=True, databaseId=rl(EVERY, "list"), options={}))])
workflow("update", [from_template("Get active Clients from Notion"), noop("Pass"), from_template("Store Clockify ID in Notion")])
workflow("not-found", [notion("Get missing page", {"resource": "databasePage", "operation": "get", "pageId": rl("00000000-0000-4000-8000-00000000dead")})])
workflow("not-found-continue", [notion("Get missing page", {"resource": "databasePage", "operation": "get", "pageId": rl("00000000-0000-4000-8000-00000000dead")}, onError="continueRegularOutput")])
workflow("filters-manual", [
    notion("Any of many", dict(getall, returnAll=True, databaseId=rl(EVERY, "list"), filterType="manual", filters={"conditions": [
        {"key": "Count|number", "condition": "greater_than", "numberValue": 40},
        {"key": "Kind|select", "condition": "equals", "selectValue": "Alpha"},
        {"key": "Tags|multi_select", "condition": "contains", "multiSelectValue": "y"},
        {"key": "Done|checkbox", "condition": "equals", "checkboxValue": True},
        {"key": "When|date", "condition": "on_or_after", "date": "2025-02-01T00:00:00"},
        {"key": "Name|title", "condition": "contains", "titleValue": "sink"},
        {"key": "Notes|rich_text", "condition": "is_not_empty"},
        {"key": "Phone|phone_number", "condition": "starts_with", "phoneNumberValue": "+1"},
        {"key": "Link|url", "condition": "contains", "urlValue": "example"},
        {"key": "Mail|email", "condition": "ends_with", "emailValue": ".com"},
        {"key": "Stage|status", "condition": "equals", "statusValue": "Started"},
        {"key": "Owner|people", "condition": "contains", "peopleValue": "9a000000-0000-4000-8000-000000000001"},
        {"key": "Related|relation", "condition": "contains", "relationValue": "1a878e40-f803-81c0-a000-000000000003"},
        {"key": "Label|formula", "condition": "equals", "returnType": "text", "textValue": "Kitchen sink!"},
    ]}, options={"sort": {"sortValue": [{"key": "Name|title", "direction": "descending"}, {"timestamp": True, "key": "created_time", "direction": "ascending"}]}})),
    notion("All of none", dict(getall, limit=5, databaseId=rl(EVERY, "list"), filterType="manual", matchType="allFilters", filters={"conditions": [
        {"key": "Kind|select", "condition": "is_empty"},
        {"key": "When|date", "condition": "past_week"},
    ]}), alwaysOutputData=True),
    notion("No conditions", dict(getall, limit=2, databaseId=rl(MANY, "list"), filterType="manual", options={"sort": {"sortValue": [{"key": "N|number", "direction": "descending"}]}})),
], fanout=True)
workflow("update-all-types", [notion("Update everything", {"resource": "databasePage", "operation": "update", "pageId": rl("https://www.notion.so/Empty-one-" + EMPTY.replace("-", ""), "url"),
    "propertiesUi": {"propertyValues": [
        {"key": "Name|title", "title": "Renamed"},
        {"key": "Notes|rich_text", "textContent": "plain note"},
        {"key": "Count|number", "numberValue": 7},
        {"key": "Done|checkbox", "checkboxValue": True},
        {"key": "Kind|select", "selectValue": "Alpha"},
        {"key": "Tags|multi_select", "multiSelectValue": ["x", "y"]},
        {"key": "Stage|status", "statusValue": "Finished"},
        {"key": "When|date", "date": "2025-05-06T07:08:09", "timezone": "Europe/Berlin"},
        {"key": "Owner|people", "peopleValue": ["9a000000-0000-4000-8000-000000000002"]},
        {"key": "Link|url", "urlValue": "https://example.org"},
        {"key": "Mail|email", "emailValue": "new@example.org"},
        {"key": "Phone|phone_number", "phoneValue": "+49 30 1234"},
        {"key": "Related|relation", "relationValue": ["1a878e40f80381c0a000000000000002, 1a878e40-f803-81c0-a000-000000000003"]},
    ]}, "options": {"icon": "🚀"}}),
    notion("Create in database", {"resource": "databasePage", "databaseId": rl(EVERY, "list"), "title": "Created by n8n",
        "propertiesUi": {"propertyValues": [
            {"key": "When|date", "range": True, "dateStart": "2025-01-01", "dateEnd": "2025-01-03", "includeTime": False},
            {"key": "Kind|select", "selectValue": ""},
            {"key": "Link|url", "urlValue": "", "ignoreIfEmpty": True},
            {"key": "Notes|rich_text", "richText": True, "text": {"text": [
                {"textType": "text", "text": "bold ", "annotationUi": {"bold": True}},
                {"textType": "equation", "expression": "x^2"},
                {"textType": "text", "text": "link", "isLink": True, "textLink": "https://example.com"}]}},
        ]}, "blockUi": {"blockValues": [{"textContent": "First paragraph"}, {"type": "to_do", "textContent": "Task", "checked": True}]}}),
])
workflow("misc-ops", [
    notion("Get page", {"resource": "databasePage", "operation": "get", "pageId": rl(HOME)}),
    notion("Page get is v1 only", {"resource": "page", "operation": "get", "pageId": rl(HOME)}),
    notion("Get page raw", {"resource": "databasePage", "operation": "get", "pageId": rl(KITCHEN), "simple": False}),
    notion("Get database", {"resource": "database", "databaseId": rl(CLIENTS, "list")}),
    notion("Get databases", {"resource": "database", "operation": "getAll", "limit": 3}),
    notion("Search databases", {"resource": "database", "operation": "search", "text": "c", "returnAll": True, "options": {"sort": {"sortValue": {"direction": "ascending", "timestamp": "last_edited_time"}}}}),
    notion("Search pages", {"resource": "page", "operation": "search", "text": "item 00", "limit": 3, "options": {"filter": {"filters": {"property": "object", "value": "page"}}}}),
    notion("Get users", {"resource": "user", "operation": "getAll", "limit": 2}),
    notion("Get user", {"resource": "user", "operation": "get", "userId": "9a000000-0000-4000-8000-000000000001"}),
    notion("Get blocks", {"resource": "block", "operation": "getAll", "blockId": rl(HOME), "returnAll": True, "fetchNestedBlocks": True}),
    notion("Get blocks raw", {"resource": "block", "operation": "getAll", "blockId": rl("https://www.notion.so/Home-" + HOME.replace("-", ""), "url"), "limit": 1, "simplifyOutput": False}),
], fanout=True)
workflow("write-ops", [
    notion("Create page", {"resource": "page", "pageId": rl(HOME), "title": "Child page", "blockUi": {"blockValues": [{"type": "heading_1", "textContent": "Hi"}]}, "options": {"icon": "https://example.com/i.png", "iconType": "file"}}),
    notion("Append blocks", {"resource": "block", "blockId": rl(HOME), "blockUi": {"blockValues": [{"type": "paragraph", "textContent": "appended"}, {"type": "bulleted_list_item", "textContent": "point"}]}}),
    notion("Archive page", {"resource": "page", "operation": "archive", "pageId": rl("1a878e40-f803-81f0-a000-000000000250")}),
])
