#!/usr/bin/env python3
"""gen.py — writes the Google Drive golden workflows (NAME.workflow.json).

Chains from a Manual Trigger; Drive nodes (typeVersion 3) use the
googleDriveOAuth2Api credential of creds.json; ids are seed.json's.
"""
import json

CRED = {"googleDriveOAuth2Api": {"id": "drive-test", "name": "Drive test"}}
REPORTS = "1FolderReports000000000000000000001"
ARCHIVE = "1FolderArchive000000000000000000002"
SALES = "1FileSalesCsv00000000000000000000003"
NOTES = "1FileNotesTxt00000000000000000000004"
PLAN = "1DocPlan000000000000000000000000005"


def rl(value, mode="id", **kw):
    d = {"__rl": True, "mode": mode, "value": value}
    d.update(kw)
    return d


def wf(name, chain):
    nodes = [{"id": "t", "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1,
              "position": [0, 0], "parameters": {}}]
    conns, prev = {}, "Start"
    for i, n in enumerate(chain):
        n = dict(n)
        n.setdefault("id", f"n{i}")
        n.setdefault("position", [200 * (i + 1), 0])
        if n["type"] == "n8n-nodes-base.googleDrive":
            n.setdefault("typeVersion", 3)
            n["credentials"] = CRED
        conns[prev] = {"main": [[{"node": n["name"], "type": "main", "index": 0}]]}
        prev = n["name"]
        nodes.append(n)
    with open(name + ".workflow.json", "w") as f:
        json.dump({"name": name, "nodes": nodes, "connections": conns, "settings": {"executionOrder": "v1"}}, f, indent=1)
        f.write("\n")


def drive(name, params, **kw):
    n = {"name": name, "type": "n8n-nodes-base.googleDrive", "parameters": params}
    n.update(kw)
    return n


wf("file-download", [
    drive("Download", {"operation": "download", "fileId": rl(SALES), "options": {}}),
    drive("Download Doc", {"operation": "download", "fileId": rl("https://docs.google.com/document/d/" + PLAN + "/edit", "url"),
                           "options": {"binaryPropertyName": "doc", "fileName": "plan.txt",
                                       "googleFileConversion": {"conversion": {"docsToFormat": "text/plain"}}}}),
])

wf("file-upload", [
    {"name": "Data", "type": "n8n-nodes-base.code", "typeVersion": 2,
     "parameters": {"jsCode": "return [{json:{text:'id,name\\n1,Ada\\n2,Bob\\n', n:'people.csv'}}, {json:{text:'hello', n:''}}];"}},
    {"name": "To File", "type": "n8n-nodes-base.convertToFile", "typeVersion": 1.1,
     "parameters": {"operation": "toText", "sourceProperty": "text", "options": {"fileName": "upload.txt"}}},
    drive("Upload", {"name": "={{ $('Data').item.json.n }}",
                     "driveId": rl("My Drive", "list"), "folderId": rl(REPORTS, "list", cachedResultName="Reports"), "options": {}}),
    drive("Upload Root Simplified", {"name": "root.txt", "options": {"simplifyOutput": True}}, executeOnce=True),
])

wf("file-ops", [
    drive("Copy", {"operation": "copy", "fileId": rl(NOTES, "list", cachedResultName="notes.txt"), "options": {}}),
    drive("Copy To Folder", {"operation": "copy", "fileId": rl(SALES), "name": "sales copy.csv", "sameFolder": False,
                             "folderId": rl(ARCHIVE), "options": {"description": "a copy"}}),
    drive("Move", {"operation": "move", "fileId": rl(NOTES), "driveId": rl("My Drive", "list"), "folderId": rl(ARCHIVE)}),
    drive("Update", {"operation": "update", "fileId": rl(NOTES), "newUpdatedFileName": "notes-renamed.txt",
                     "options": {"fields": ["id", "name", "parents"]}}),
    drive("Share", {"operation": "share", "fileId": rl(SALES),
                    "permissionsUi": {"permissionsValues": {"role": "reader", "type": "anyone"}}, "options": {}}),
    drive("Share User", {"operation": "share", "fileId": rl(SALES),
                         "permissionsUi": {"permissionsValues": {"role": "writer", "type": "user", "emailAddress": "ada@example.com"}},
                         "options": {"sendNotificationEmail": False}}),
    drive("Trash", {"operation": "deleteFile", "fileId": rl(NOTES)}),
    drive("Delete Forever", {"operation": "deleteFile", "fileId": rl(SALES), "options": {"deletePermanently": True}}),
])

wf("search", [
    drive("Search Name", {"resource": "fileFolder", "queryString": "sales", "filter": {}, "options": {}}),
    drive("Search Folder Files", {"resource": "fileFolder", "returnAll": True, "queryString": "",
                                  "filter": {"folderId": rl(REPORTS, "list"), "whatToSearch": "files"},
                                  "options": {"fields": ["id", "name", "mimeType", "parents"]}}, executeOnce=True),
    drive("Search Query", {"resource": "fileFolder", "searchMethod": "query", "queryString": "mimeType = 'application/vnd.google-apps.folder'",
                           "limit": 5, "filter": {"includeTrashed": True}, "options": {"fields": ["*"]}}, executeOnce=True),
    drive("Search Root", {"resource": "fileFolder", "queryString": "", "returnAll": True,
                          "filter": {"folderId": rl("root", "list"), "whatToSearch": "all", "includeTrashed": True}, "options": {}},
          executeOnce=True),
])

wf("folders", [
    drive("Create Folder", {"resource": "folder", "name": "Invoices 2026", "options": {}}),
    drive("Create Subfolder", {"resource": "folder", "name": "Q1", "folderId": rl("={{ $json.id }}"),
                               "options": {"simplifyOutput": False, "folderColorRgb": "#ff0000"}}),
    drive("Share Folder", {"resource": "folder", "operation": "share", "folderNoRootId": rl("={{ $json.id }}"),
                           "permissionsUi": {"permissionsValues": {"role": "commenter", "type": "domain", "domain": "example.com"}},
                           "options": {}}),
    drive("Delete Folder", {"resource": "folder", "operation": "deleteFolder", "folderNoRootId": rl(ARCHIVE),
                            "options": {"deletePermanently": True}}),
])

wf("text-and-drives", [
    drive("Create From Text", {"operation": "createFromText", "name": "hello.txt", "content": "Hello from n8n\nline 2",
                               "driveId": rl("My Drive", "list"), "folderId": rl(REPORTS), "options": {}}),
    drive("Create Drive", {"resource": "drive", "name": "Projects", "options": {}}),
    drive("Get Drive", {"resource": "drive", "operation": "get", "driveId": rl("={{ $json.id }}"), "options": {}}),
    drive("List Drives", {"resource": "drive", "operation": "list", "returnAll": True, "options": {}}),
    drive("Delete Drive", {"resource": "drive", "operation": "deleteDrive", "driveId": rl("0ADriveTeam000000Uk9PVA")}, executeOnce=True),
])

wf("errors", [
    drive("Move Missing", {"operation": "move", "fileId": rl("1Missing"), "folderId": rl(ARCHIVE)}, onError="continueRegularOutput"),
    drive("Share Bad", {"operation": "share", "fileId": rl(NOTES), "permissionsUi": {"permissionsValues": {"role": "reader", "type": "user"}},
                        "options": {}}, onError="continueRegularOutput"),
    drive("Download Folder", {"operation": "download", "fileId": rl(ARCHIVE), "options": {}}, onError="continueRegularOutput"),
])

wf("error-stop", [
    drive("Download Missing", {"operation": "download", "fileId": rl("1Missing"), "options": {}}),
])

# paging.seed.json holds 105 files in one folder: two pages of 100.
wf("paging", [
    drive("Search All In Folder", {"resource": "fileFolder", "returnAll": True, "queryString": "bulk",
                                   "filter": {"folderId": rl("1FolderBulk000000000000000000000001", "list")}, "options": {}}),
])

# rate-limit.faults.json: Google's 429 on the first files call, 403
# rateLimitExceeded on the first permissions call.
wf("rate-limit", [
    drive("Search Limited", {"resource": "fileFolder", "queryString": "sales", "filter": {}, "options": {}}, onError="continueRegularOutput"),
    drive("Share Limited", {"operation": "share", "fileId": rl(SALES),
                            "permissionsUi": {"permissionsValues": {"role": "reader", "type": "anyone"}}, "options": {}},
          onError="continueRegularOutput"),
    drive("Search Again", {"resource": "fileFolder", "queryString": "sales", "filter": {}, "options": {}}),
])
