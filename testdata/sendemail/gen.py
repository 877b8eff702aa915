# gen.py writes the workflows of this folder (inputs for record.sh).
import json, os
OUT = os.path.dirname(os.path.abspath(__file__))
CRED = {"smtp": {"id": "smtp-test", "name": "SMTP test"}}

def wf(name, nodes, edges):
    conns = {}
    for a, b in edges:
        conns.setdefault(a, {"main": [[]]})["main"][0].append({"node": b, "type": "main", "index": 0})
    with open(os.path.join(OUT, name + '.workflow.json'), 'w') as f:
        json.dump({"name": name, "nodes": nodes, "connections": conns, "settings": {"executionOrder": "v1"}}, f, indent=1)
        f.write('\n')

def start():
    return {"parameters": {}, "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "id": "start"}

def code(name, js, y=0):
    return {"parameters": {"jsCode": js}, "name": name, "type": "n8n-nodes-base.code", "typeVersion": 2, "position": [200, y], "id": name.lower().replace(' ', '-')}

def mail(name, params, version=2.1, y=0, x=400, **extra):
    n = {"parameters": params, "name": name, "type": "n8n-nodes-base.emailSend", "typeVersion": version, "position": [x, y],
         "id": name.lower().replace(' ', '-'), "credentials": CRED}
    n.update(extra)
    return n

wf("text", [start(),
    mail("Text", {"fromEmail": "n8n Sender <sender@example.com>", "toEmail": "a@example.com, Bee <b@example.com>", "subject": "Héllo wörld",
                  "emailFormat": "text", "text": "Line 1\nLine 2 é", "options": {"ccEmail": "c@example.com", "bccEmail": "d@example.com", "replyTo": "reply@example.com"}}),
    mail("Text v2 plain", {"fromEmail": "sender@example.com", "toEmail": "a@example.com", "subject": "Plain", "text": "Just ASCII text.", "options": {}}, 2, y=200),
  ], [("Start", "Text"), ("Start", "Text v2 plain")])

wf("html", [start(),
    mail("HTML", {"fromEmail": "sender@example.com", "toEmail": "a@example.com", "subject": "Report", "html": "<h1>Report</h1><p>All good.</p>", "options": {"appendAttribution": False}}),
    mail("Both", {"fromEmail": "sender@example.com", "toEmail": "a@example.com", "subject": "Both", "emailFormat": "both", "text": "text body", "html": "<p>html body</p>", "options": {}}, 2.1, y=200),
    mail("Long line", {"fromEmail": "sender@example.com", "toEmail": "a@example.com", "subject": "Long", "emailFormat": "text", "text": "word " * 40, "options": {"appendAttribution": False}}, 2.1, y=400),
  ], [("Start", "HTML"), ("Start", "Both"), ("Start", "Long line")])

wf("attachments", [start(), code("Text", "return [{json:{to:'a@example.com', text:'hello file'}}];"),
    {"parameters": {"operation": "toText", "sourceProperty": "text", "options": {"fileName": "hello.txt"}}, "name": "To file", "type": "n8n-nodes-base.convertToFile",
     "typeVersion": 1.1, "position": [300, 0], "id": "to-file"},
    mail("Attach", {"fromEmail": "sender@example.com", "toEmail": "={{ $('Text').item.json.to }}", "subject": "Files", "emailFormat": "text", "text": "See attached.", "options": {"attachments": "data", "appendAttribution": False}}, x=500),
    mail("Missing property", {"fromEmail": "sender@example.com", "toEmail": "a@example.com", "subject": "Files", "emailFormat": "text", "text": "x", "options": {"attachments": "data, nope", "appendAttribution": False}}, x=700, onError="continueRegularOutput"),
  ], [("Start", "Text"), ("Text", "To file"), ("To file", "Attach"), ("To file", "Missing property")])

wf("reject", [start(),
    mail("Partly rejected", {"fromEmail": "sender@example.com", "toEmail": "ok@example.com, rejected@example.com", "subject": "Hi", "emailFormat": "text", "text": "hi", "options": {"appendAttribution": False}}),
    mail("All rejected", {"fromEmail": "sender@example.com", "toEmail": "rejected@example.com", "subject": "Hi", "emailFormat": "text", "text": "hi", "options": {}}, y=200, onError="continueRegularOutput"),
    mail("All rejected stop", {"fromEmail": "sender@example.com", "toEmail": "rejected@example.com", "subject": "Hi", "emailFormat": "text", "text": "hi", "options": {}}, x=600, y=200),
    mail("No recipients", {"fromEmail": "sender@example.com", "toEmail": "", "subject": "Hi", "emailFormat": "text", "text": "hi", "options": {}}, y=100, onError="continueRegularOutput"),
  ], [("Start", "Partly rejected"), ("Start", "All rejected"), ("All rejected", "All rejected stop"), ("Start", "No recipients")])

wf("implicit-tls", [start(),
    mail("TLS", {"fromEmail": "sender@example.com", "toEmail": "a@example.com", "subject": "Over TLS", "emailFormat": "text", "text": "secure", "options": {}}),
  ], [("Start", "TLS")])

# typeVersion 1: cc/bcc/text/html/attachments at the top level, text and
# html both sent (empty strings included), no attribution, attachments
# without Content-ID, errors not wrapped.
wf("v1", [start(), code("Text", "return [{json:{to:'a@example.com', text:'hello file'}}, {json:{to:'rejected@example.com', text:'no'}}];"),
    {"parameters": {"operation": "toText", "sourceProperty": "text", "options": {"fileName": "hello.txt"}}, "name": "To file", "type": "n8n-nodes-base.convertToFile",
     "typeVersion": 1.1, "position": [300, 0], "id": "to-file"},
    mail("Text v1", {"fromEmail": "n8n Sender <sender@example.com>", "toEmail": "a@example.com", "ccEmail": "c@example.com", "bccEmail": "d@example.com",
                     "subject": "Héllo v1", "text": "Line 1\nLine 2 é", "options": {"replyTo": "reply@example.com"}}, 1, y=200, executeOnce=True),
    mail("HTML v1", {"fromEmail": "sender@example.com", "toEmail": "a@example.com", "subject": "Both v1", "text": "text body", "html": "<p>html body</p>"}, 1, y=400, executeOnce=True),
    mail("Attach v1", {"fromEmail": "sender@example.com", "toEmail": "={{ $('Text').item.json.to }}", "subject": "Files", "text": "See attached.", "attachments": "data", "options": {}}, 1, x=500, onError="continueRegularOutput"),
    mail("Only HTML v1", {"fromEmail": "sender@example.com", "toEmail": "b@example.com", "subject": "HTML only", "html": "<b>bold</b>", "options": {}}, 1, x=500, y=400, executeOnce=True),
  ], [("Start", "Text"), ("Text", "To file"), ("To file", "Attach v1"), ("Start", "Text v1"), ("Start", "HTML v1"), ("Start", "Only HTML v1")])

wf("v1-error", [start(),
    mail("Rejected v1", {"fromEmail": "sender@example.com", "toEmail": "rejected@example.com", "subject": "Hi", "text": "hi"}, 1),
  ], [("Start", "Rejected v1")])
