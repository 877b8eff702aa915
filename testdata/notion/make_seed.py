#!/usr/bin/env python3
"""Writes seed.json: the Notion fake's state for the node tests and the
n8n recordings (the template's three databases, a database with every
property type, a 250-page database, a workspace page with blocks)."""
import json, os

CLIENTS = "1a878e40-f803-80e4-bc79-e24747562817"
BUCKETS = "1a878e40-f803-80bf-a72a-d7373be374b2"
TASKS = "1a878e40-f803-80e6-8df1-cf50776752da"
EVERY = "2b000000-0000-4000-8000-000000000001"
MANY = "2b000000-0000-4000-8000-000000000002"
T0 = "2025-03-01T09:00:00.000Z"

def pid(kind, n):
    return "1a878e40-f803-81%s0-a000-%012d" % (kind, n)

def text(s):
    return [{"text": {"content": s}}] if s else []

def title(s):
    return {"title": text(s)}

def rt(s):
    return {"rich_text": text(s)}

def status(name):
    return {"status": {"name": name}}

def rel(*ids):
    return {"relation": [{"id": i} for i in ids]}

def page(id, db, props, **kw):
    p = {"id": id, "parent": {"database_id": db}, "created_time": T0, "last_edited_time": T0, "properties": props}
    p.update(kw)
    return p

status_opts = {"options": [{"id": "bk01", "name": "Backlog", "color": "default"},
                           {"id": "ip01", "name": "In progress", "color": "blue"},
                           {"id": "dn01", "name": "Done", "color": "green"},
                           {"id": "ob01", "name": "Obsolete", "color": "gray"}]}

users = [
    {"id": "9a000000-0000-4000-8000-000000000001", "name": "Ada Lovelace", "type": "person", "person": {"email": "ada@example.com"}},
    {"id": "9a000000-0000-4000-8000-000000000002", "name": "Bob NoMail", "type": "person", "person": {}},
    {"id": "9a000000-0000-4000-8000-000000000003", "name": "n8n-go fake bot", "type": "bot", "bot": {}},
]

databases = [
    {"id": CLIENTS, "title": "Clients", "created_time": T0, "last_edited_time": T0, "properties": {
        "Name": {"id": "title", "type": "title"},
        "Archive": {"id": "arch", "type": "checkbox"},
        "Clockify Client ID": {"id": "ccid", "type": "rich_text"}}},
    {"id": BUCKETS, "title": "Buckets", "created_time": T0, "last_edited_time": T0, "properties": {
        "Name": {"id": "title", "type": "title"},
        "Status": {"id": "stat", "type": "status", "status": status_opts},
        "Clients": {"id": "clis", "type": "relation", "relation": {"database_id": CLIENTS}},
        "Clockify Client ID": {"id": "ccid", "type": "rollup", "rollup": {"relation_property_name": "Clients", "rollup_property_name": "Clockify Client ID", "function": "show_original"}},
        "Clockify Project ID": {"id": "cpid", "type": "rich_text"}}},
    {"id": TASKS, "title": "Tasks", "created_time": T0, "last_edited_time": T0, "properties": {
        "Name": {"id": "title", "type": "title"},
        "Status": {"id": "stat", "type": "status", "status": status_opts},
        "Projects": {"id": "prjs", "type": "relation", "relation": {"database_id": BUCKETS}},
        "Clockify Project ID": {"id": "cpid", "type": "rollup", "rollup": {"relation_property_name": "Projects", "rollup_property_name": "Clockify Project ID", "function": "show_original"}},
        "Clients": {"id": "clis", "type": "rollup", "rollup": {"relation_property_name": "Projects", "rollup_property_name": "Clients", "function": "show_original"}},
        "Clockify Task ID": {"id": "ctid", "type": "rich_text"}}},
    {"id": EVERY, "title": "Everything", "created_time": T0, "last_edited_time": T0, "properties": {
        "Name": {"id": "title", "type": "title"},
        "Notes": {"id": "note", "type": "rich_text"},
        "Count": {"id": "cnt1", "type": "number", "number": {"format": "number"}},
        "Done": {"id": "done", "type": "checkbox"},
        "Kind": {"id": "kind", "type": "select", "select": {"options": [{"id": "ka", "name": "Alpha", "color": "red"}, {"id": "kb", "name": "Beta", "color": "blue"}]}},
        "Tags": {"id": "tags", "type": "multi_select", "multi_select": {"options": [{"id": "tx", "name": "x"}, {"id": "ty", "name": "y"}, {"id": "tz", "name": "z"}]}},
        "Stage": {"id": "stg1", "type": "status", "status": {"options": [{"id": "s1", "name": "Not started"}, {"id": "s2", "name": "Started"}, {"id": "s3", "name": "Finished"}]}},
        "When": {"id": "when", "type": "date"},
        "Owner": {"id": "ownr", "type": "people"},
        "Link": {"id": "link", "type": "url"},
        "Mail": {"id": "mail", "type": "email"},
        "Phone": {"id": "phon", "type": "phone_number"},
        "Related": {"id": "rltd", "type": "relation", "relation": {"database_id": CLIENTS}},
        "Client IDs": {"id": "cids", "type": "rollup", "rollup": {"relation_property_name": "Related", "rollup_property_name": "Clockify Client ID", "function": "show_unique"}},
        "Related count": {"id": "rcnt", "type": "rollup", "rollup": {"relation_property_name": "Related", "rollup_property_name": "Name", "function": "count"}},
        "Archived share": {"id": "arsh", "type": "rollup", "rollup": {"relation_property_name": "Related", "rollup_property_name": "Archive", "function": "percent_checked"}},
        "Count sum": {"id": "csum", "type": "rollup", "rollup": {"relation_property_name": "Related", "rollup_property_name": "Name", "function": "sum"}},
        "Label": {"id": "labl", "type": "formula", "formula": {"expression": "prop(\"Name\") + \"!\""}},
        "Has notes": {"id": "hasn", "type": "formula", "formula": {"expression": "not empty(prop(\"Notes\"))"}},
        "Attachments": {"id": "atch", "type": "files"},
        "Created": {"id": "crtd", "type": "created_time"},
        "Edited by": {"id": "edby", "type": "last_edited_by"},
        "Ticket": {"id": "tick", "type": "unique_id"}}},
    {"id": MANY, "title": "Many", "created_time": T0, "last_edited_time": T0, "properties": {
        "Name": {"id": "title", "type": "title"},
        "N": {"id": "nnnn", "type": "number"}}},
]

c = [pid("c", i) for i in range(1, 4)]
b = [pid("b", i) for i in range(1, 6)]
t = [pid("d", i) for i in range(1, 5)]
pages = [
    page(c[0], CLIENTS, {"Name": title("Acme"), "Archive": {"checkbox": False}, "Clockify Client ID": rt("cl-acme")}),
    page(c[1], CLIENTS, {"Name": title("Globex"), "Archive": {"checkbox": False}, "Clockify Client ID": rt("")}),
    page(c[2], CLIENTS, {"Name": title("Initech"), "Archive": {"checkbox": True}, "Clockify Client ID": rt("cl-initech")}),
    page(b[0], BUCKETS, {"Name": title("Website"), "Status": status("In progress"), "Clients": rel(c[0]), "Clockify Project ID": rt("pr-web")}),
    page(b[1], BUCKETS, {"Name": title("Migration"), "Status": status("Done"), "Clients": rel(c[0]), "Clockify Project ID": rt("pr-mig")}),
    page(b[2], BUCKETS, {"Name": title("Orphan"), "Status": status("Backlog"), "Clients": rel(), "Clockify Project ID": rt("")}),
    page(b[3], BUCKETS, {"Name": title("Audit"), "Status": status("Obsolete"), "Clients": rel(c[1])}),
    page(b[4], BUCKETS, {"Name": title("Support"), "Status": status("In progress"), "Clients": rel(c[1], c[0])}),
    page(t[0], TASKS, {"Name": title("Design"), "Status": status("In progress"), "Projects": rel(b[0]), "Clockify Task ID": rt("tk-1")}),
    page(t[1], TASKS, {"Name": title("Deploy"), "Status": status("Done"), "Projects": rel(b[0])}),
    page(t[2], TASKS, {"Name": title("Lonely"), "Status": status("Backlog"), "Projects": rel()}),
    page(t[3], TASKS, {"Name": title("Triage"), "Status": status("In progress"), "Projects": rel(b[4])}),
    page(pid("e", 1), EVERY, {
        "Name": {"title": [{"text": {"content": "Kitchen "}}, {"text": {"content": "sink"}, "annotations": {"bold": True}}]},
        "Notes": {"rich_text": [{"text": {"content": "see "}}, {"mention": {"user": {"id": users[0]["id"]}}}, {"equation": {"expression": "e=mc^2"}}]},
        "Count": {"number": 42.5}, "Done": {"checkbox": True}, "Kind": {"select": {"name": "Beta"}},
        "Tags": {"multi_select": [{"name": "x"}, {"name": "z"}]}, "Stage": status("Started"),
        "When": {"date": {"start": "2025-02-03T10:00:00.000+01:00", "end": None, "time_zone": None}},
        "Owner": {"people": [{"id": users[0]["id"]}, {"id": users[1]["id"]}]},
        "Link": {"url": "https://example.com/a"}, "Mail": {"email": "sink@example.com"}, "Phone": {"phone_number": "+1 555 0100"},
        "Related": rel(c[0], c[2], c[0]),
        "Attachments": {"files": [{"name": "spec.pdf", "type": "external", "external": {"url": "https://example.com/spec.pdf"}}]},
    }, created_by={"object": "user", "id": users[0]["id"]}, last_edited_by={"object": "user", "id": users[0]["id"]}),
    page(pid("e", 2), EVERY, {"Name": title("Empty one")}, created_by={"object": "user", "id": users[2]["id"]}, last_edited_by={"object": "user", "id": users[2]["id"]}),
]
for i in range(1, 251):
    pages.append(page(pid("f", i), MANY, {"Name": title("Item %03d" % i), "N": {"number": i}}))
home = "3c000000-0000-4000-8000-000000000001"
pages.append({"id": home, "parent": {"workspace": True}, "created_time": T0, "last_edited_time": T0,
              "properties": {"title": {"title": text("Home")}}})
blocks = [
    {"id": "4d000000-0000-4000-8000-000000000001", "parent": {"page_id": home}, "created_time": T0, "last_edited_time": T0,
     "type": "paragraph", "paragraph": {"rich_text": text("Hello from the fake")}},
    {"id": "4d000000-0000-4000-8000-000000000002", "parent": {"page_id": home}, "created_time": T0, "last_edited_time": T0,
     "type": "to_do", "to_do": {"rich_text": text("Write tests"), "checked": True}},
    {"id": "4d000000-0000-4000-8000-000000000003", "parent": {"block_id": "4d000000-0000-4000-8000-000000000002"}, "created_time": T0, "last_edited_time": T0,
     "type": "bulleted_list_item", "bulleted_list_item": {"rich_text": text("nested")}},
]
state = {"users": users, "databases": databases, "pages": pages, "blocks": blocks}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seed.json")
with open(out, "w") as f:
    json.dump(state, f, indent=1)
    f.write("\n")
