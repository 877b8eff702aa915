#!/usr/bin/env python3
"""gen_v1.py — writes the Google Sheets typeVersion 1/2 golden workflows (and spreadsheet-delete): python3 gen_v1.py ."""
import json, uuid, sys, os
out = sys.argv[1]
DOC = "1FakeContactsSheet0000000000000000000000001"
OAUTH = {"googleSheetsOAuth2Api": {"id": "gsheets-oauth", "name": "Google Sheets test (OAuth2)"}}
SA = {"googleApi": {"id": "gsheets-sa", "name": "Google service account test"}}
def uid(s): return str(uuid.uuid5(uuid.NAMESPACE_URL, s))
def wf(name, items, sheets_nodes):
    nodes = [{"parameters": {}, "id": uid(name+"t"), "name": "When clicking 'Execute workflow'",
              "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0]}]
    conns = {}
    prev = "When clicking 'Execute workflow'"
    if items is not None:
        nodes.append({"parameters": {"jsCode": "return " + json.dumps([{"json": i} for i in items]) + ";"},
                      "id": uid(name+"c"), "name": "Items", "type": "n8n-nodes-base.code", "typeVersion": 2, "position": [220, 0]})
        conns[prev] = {"main": [[{"node": "Items", "type": "main", "index": 0}]]}
        prev = "Items"
    x = 440
    for n in sheets_nodes:
        node = {"parameters": n["params"], "id": uid(name+n["name"]), "name": n["name"],
                "type": "n8n-nodes-base.googleSheets", "position": [x, 0], "credentials": n.get("creds", OAUTH)}
        if "v" in n: node["typeVersion"] = n["v"]
        for k in ("continueOnFail", "onError", "alwaysOutputData"):
            if k in n: node[k] = n[k]
        nodes.append(node)
        conns[prev] = {"main": [[{"node": n["name"], "type": "main", "index": 0}]]}
        prev = n["name"]; x += 220
    w = {"name": "gsheets " + name, "nodes": nodes, "connections": conns, "settings": {"executionOrder": "v1"}, "pinData": {}}
    with open(os.path.join(out, name + ".workflow.json"), "w") as f:
        json.dump(w, f, indent=2)

one = [{"k": 1}]
wf("service-account-v1-read", None, [
    {"name": "Read rows", "v": 1, "creds": SA, "params": {"sheetId": DOC, "range": "Contacts!A:G", "options": {}}}])
wf("v2-read-formatted", [{"a": 1}, {"a": 2}], [
    {"name": "Read rows", "v": 2, "params": {"sheetId": DOC, "range": "A:E", "dataStartRow": 2, "keyRow": 0,
      "options": {"valueRenderMode": "FORMATTED_VALUE", "continue": True}}}])
wf("v2-read-raw", None, [
    {"name": "Read raw", "v": 2, "params": {"operation": "read", "sheetId": DOC, "range": "Team Q&A!A:B", "rawData": True, "dataProperty": "rows", "options": {}}},
    {"name": "Read empty", "v": 2, "params": {"operation": "read", "sheetId": DOC, "range": "Log!A:C", "options": {"continue": True}}}])
wf("v2-append", [{"id": 7, "name": "Ken Thompson", "email": "ken@example.com", "score": 70, "extra": "dropped", "notes": {"a": 1}},
                 {"name": "Only name", "status": True, "score": None}], [
    {"name": "Append", "v": 2, "params": {"operation": "append", "sheetId": DOC, "range": "Contacts!A:G", "options": {"valueInputMode": "USER_ENTERED"}}}])
wf("v2-append-path", [{"id": 8, "name": "Nested", "email": "n@example.com", "status": "x"}], [
    {"name": "Append", "v": 2, "params": {"operation": "append", "sheetId": DOC, "range": "Team Q&A!A:B", "options": {"usePathForKeyRow": True}}}])
wf("v2-update", [{"id": 2, "status": "done", "score": 80, "tag": "x"}, {"id": 99, "status": "ghost"}, {"name": "no key"}, {"id": "5", "status": "string key"}], [
    {"name": "Update", "v": 2, "params": {"operation": "update", "sheetId": DOC, "range": "Contacts!A:G", "key": "id", "options": {"valueInputMode": "RAW"}}}])
wf("v2-upsert", [{"id": 3, "notes": "updated"}, {"id": 42, "name": "New Person", "email": "new@example.com"}, {"name": "no id"}], [
    {"name": "Upsert", "v": 2, "params": {"operation": "upsert", "sheetId": DOC, "range": "Contacts!A:G", "options": {}}}])
wf("v2-update-raw", [{"data": [["x1", "y1"], ["x2", "y2"]]}], [
    {"name": "Update raw", "v": 2, "params": {"operation": "update", "sheetId": DOC, "range": "Team Q&A!A3:B4", "rawData": True, "options": {"valueInputMode": "USER_ENTERED"}}}])
wf("v2-lookup", [{"v": "active"}, {"v": "missing"}, {"v": "pending"}], [
    {"name": "Lookup first", "v": 2, "params": {"operation": "lookup", "sheetId": DOC, "range": "Contacts!A:G", "lookupColumn": "status", "lookupValue": "={{ $json.v }}", "options": {}}}])
wf("v2-lookup-all", [{"v": 88}], [
    {"name": "Lookup all", "v": 2, "params": {"operation": "lookup", "sheetId": DOC, "range": "Contacts!A:G", "lookupColumn": "score", "lookupValue": "={{ $json.v }}", "options": {"returnAllMatches": True}}},
    {"name": "Lookup none", "v": 2, "params": {"operation": "lookup", "sheetId": DOC, "range": "Contacts!A:G", "lookupColumn": "name", "lookupValue": "Nobody", "options": {"returnAllMatches": True, "continue": True}}}])
wf("v2-clear", one, [
    {"name": "Clear", "v": 2, "params": {"operation": "clear", "sheetId": DOC, "range": "Contacts!B5:C6"}}])
wf("v2-delete", one, [
    {"name": "Delete", "v": 2, "params": {"operation": "delete", "sheetId": DOC, "toDelete": {
        "columns": [{"sheetId": 0, "startIndex": 5, "amount": 1}], "rows": [{"sheetId": 0, "startIndex": 3, "amount": 1}, {"sheetId": 777, "startIndex": 1, "amount": 1}]}}}])
wf("v2-create-remove", [{"t": "Tab one"}, {"t": "Tab two"}], [
    {"name": "Create tab", "v": 2, "params": {"operation": "create", "sheetId": DOC, "options": {"title": "={{ $json.t }}", "tabColor": "#0aa55c", "hidden": False}}},
    {"name": "Remove tab", "v": 2, "params": {"operation": "remove", "sheetId": DOC, "id": "={{ $json.sheetId }}"}}])
wf("v2-spreadsheet-create", one, [
    {"name": "Create spreadsheet", "v": 2, "params": {"resource": "spreadsheet", "title": "Budget", "sheetsUi": {"sheetValues": [{"propertiesUi": {"title": "Q1"}}, {"propertiesUi": {"title": "Q2", "hidden": True}}]}, "options": {"locale": "en_GB"}}}])
wf("v2-error-continue", one, [
    {"name": "Lookup bad column", "v": 2, "continueOnFail": True, "params": {"operation": "lookup", "sheetId": DOC, "range": "Contacts!A:G", "lookupColumn": "nope", "lookupValue": "x", "options": {}}},
    {"name": "Update bad key", "v": 2, "params": {"operation": "update", "sheetId": DOC, "range": "Contacts!A:G", "key": "nokey", "options": {}}}])
wf("spreadsheet-delete", one, [
    {"name": "Delete spreadsheet", "v": 4.7, "params": {"resource": "spreadsheet", "operation": "deleteSpreadsheet",
        "documentId": {"__rl": True, "mode": "url", "value": "https://docs.google.com/spreadsheets/d/" + DOC + "/edit#gid=0"}}},
    {"name": "Delete missing", "v": 4.5, "onError": "continueRegularOutput", "params": {"resource": "spreadsheet", "operation": "deleteSpreadsheet",
        "documentId": {"__rl": True, "mode": "id", "value": DOC}}}])
