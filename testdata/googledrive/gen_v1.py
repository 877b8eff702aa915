#!/usr/bin/env python3
"""gen_v1.py — writes the Google Drive typeVersion 1/2 golden workflows (v1-*.workflow.json)."""
from gen import wf, drive, rl, REPORTS, ARCHIVE, SALES, NOTES, PLAN  # noqa: E402


def d1(name, params, v=2, **kw):
    kw["typeVersion"] = v
    if v == 1:
        params = dict(params, authentication="oAuth2")
    return drive(name, params, **kw)


wf("v1-download-list", [
    d1("Download", {"operation": "download", "fileId": SALES}, v=1),
    d1("Download Doc", {"operation": "download", "fileId": rl("https://docs.google.com/document/d/" + PLAN + "/edit", "url"),
                        "binaryPropertyName": "doc", "options": {"fileName": "plan.docx"}}),
    d1("List Filtered", {"operation": "list", "limit": 10,
                         "queryFilters": {"name": [{"operation": "contains", "value": "s"}, {"operation": "is", "value": "Plan"}],
                                          "mimeType": [{"mimeType": "text/csv"}, {"mimeType": "custom", "customMimeType": "text/plain"}]},
                         "options": {"fields": ["id", "name", "mimeType"]}}),
    d1("List Query v1", {"operation": "list", "useQueryString": True, "queryString": "trashed = false", "limit": 3,
                         "options": {"spaces": ["drive"]}}, v=1),
])

wf("v1-file-ops", [
    {"name": "Data", "type": "n8n-nodes-base.code", "typeVersion": 2,
     "parameters": {"jsCode": "return [{json:{n:'a.txt'}}, {json:{n:'b.txt'}}];"}},
    d1("Upload Text", {"operation": "upload", "name": "={{ $json.n }}", "fileContent": "=hello {{ $json.n }}",
                       "parents": [REPORTS], "options": {}}),
    d1("Copy", {"operation": "copy", "fileId": rl("={{ $json.id }}"), "options": {"name": "copy", "parents": [ARCHIVE]}}),
    d1("Update", {"operation": "update", "fileId": rl("={{ $json.id }}"), "updateFields": {"fileName": "renamed.txt", "parentId": ARCHIVE},
                  "options": {"fields": ["id", "name", "parents"]}}),
    d1("Share", {"operation": "share", "fileId": rl(SALES),
                 "permissionsUi": {"permissionsValues": {"role": "reader", "type": "anyone"}}, "options": {}}, executeOnce=True),
    d1("Delete", {"operation": "delete", "fileId": NOTES}, executeOnce=True),
])

wf("v1-upload-binary", [
    {"name": "Data", "type": "n8n-nodes-base.code", "typeVersion": 2,
     "parameters": {"jsCode": "return [{json:{text:'id,name\\n1,Ada\\n'}}];"}},
    {"name": "To File", "type": "n8n-nodes-base.convertToFile", "typeVersion": 1.1,
     "parameters": {"operation": "toText", "sourceProperty": "text", "options": {"fileName": "people.csv"}}},
    d1("Upload", {"operation": "upload", "binaryData": True, "name": "people.csv", "parents": [], "resolveData": True,
                  "options": {"propertiesUi": {"propertyValues": [{"key": "source", "value": "n8n"}]}}}),
])

wf("v1-folders-drives", [
    d1("Create Folder", {"resource": "folder", "name": "Invoices", "options": {"parents": [REPORTS]}}),
    d1("Share Folder", {"resource": "folder", "operation": "share", "fileId": rl("={{ $json.id }}"),
                        "permissionsUi": {"permissionsValues": {"role": "writer", "type": "user", "emailAddress": "ada@example.com"}},
                        "options": {"sendNotificationEmail": False}}),
    d1("Delete Folder", {"resource": "folder", "operation": "delete", "fileId": rl("https://drive.google.com/drive/folders/" + ARCHIVE, "url")}),
    d1("List Drives", {"resource": "drive", "operation": "list", "limit": 5}),
    d1("Get Drive", {"resource": "drive", "operation": "get", "driveId": rl("0ADriveTeam000000Uk9PVA"), "options": {}}),
])

wf("v1-errors", [
    {"name": "Data", "type": "n8n-nodes-base.code", "typeVersion": 2,
     "parameters": {"jsCode": "return [{json:{id:'1Missing'}}, {json:{id:'" + SALES + "'}}];"}},
    d1("Download Missing", {"operation": "download", "fileId": "={{ $json.id }}"}, continueOnFail=True),
    d1("Copy Missing", {"operation": "copy", "fileId": "1Missing", "options": {}}, continueOnFail=True),
    d1("Delete Missing", {"operation": "delete", "fileId": "1Missing"}),
])

# token-refresh: the seeded access token is good for two requests
# (token-refresh.seed.json); the third gets a 401 and is sent again with a
# token renewed at oauth2.googleapis.com (record.sh starts the fake with -oauth).
wf("token-refresh", [
    drive("Download", {"operation": "download", "fileId": rl(SALES), "options": {}}),
    drive("Copy", {"operation": "copy", "fileId": rl(NOTES), "options": {}}),
    drive("Share", {"operation": "share", "fileId": rl(SALES),
                    "permissionsUi": {"permissionsValues": {"role": "reader", "type": "anyone"}}, "options": {}}),
])
