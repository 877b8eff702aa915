# gen.py writes the workflows of this folder (inputs for record.sh).
import json, os
OUT = os.path.dirname(os.path.abspath(__file__))
CRED = {"postgres": {"id": "pg-test", "name": "Postgres test"}}

def wf(name, nodes, edges):
    conns = {}
    for a, b in edges:
        conns.setdefault(a, {"main": [[]]})["main"][0].append({"node": b, "type": "main", "index": 0})
    out = {"name": name, "nodes": nodes, "connections": conns, "settings": {"executionOrder": "v1"}}
    with open(os.path.join(OUT, name + '.workflow.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')

def start():
    return {"parameters": {}, "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0], "id": "start"}

def code(name, js, y=0, x=200):
    return {"parameters": {"jsCode": js}, "name": name, "type": "n8n-nodes-base.code", "typeVersion": 2, "position": [x, y], "id": name.lower().replace(' ', '-')}

def pg(name, params, version=2.6, x=400, y=0, **extra):
    n = {"parameters": params, "name": name, "type": "n8n-nodes-base.postgres", "typeVersion": version,
         "position": [x, y], "id": name.lower().replace(' ', '-'), "credentials": CRED}
    n.update(extra)
    return n

def rl(v, mode="name"):
    return {"__rl": True, "mode": mode, "value": v}

# 1. types: every type n8n converts, with 2.6 (ISO timestamps), 2 (Date
#    objects) and large numbers as numbers.
q = "SELECT * FROM types ORDER BY id"
wf("exec-types", [start(),
    pg("Types 2.6", {"operation": "executeQuery", "query": q, "options": {}}, 2.6, y=0),
    pg("Types 2.0", {"operation": "executeQuery", "query": q, "options": {}}, 2, y=200),
    pg("Types numbers", {"operation": "executeQuery", "query": q, "options": {"largeNumbersOutput": "numbers"}}, 2.5, y=800),
    pg("Literals", {"operation": "executeQuery", "query": "SELECT 1 AS a, 'x' AS b, 1.50::numeric AS c, 2::bigint AS d, now() IS NOT NULL AS e, NULL AS f, ARRAY[1,2] AS g, '{\"z\":1,\"a\":2}'::jsonb AS h, '2024-03-01'::date AS i, 1 AS a;", "options": {}}, 2.6, y=600),
  ], [("Start", "Types 2.6"), ("Start", "Types 2.0"), ("Start", "Types numbers"), ("Start", "Literals")])

items = "return [{json:{id:1,name:'Ann',n:-5,tags:['a','b'],obj:{k:'v'}}},{json:{id:2,name:\"O'Brien\",n:2.5,tags:[],obj:null}},{json:{id:3,name:'',n:0,tags:['x'],obj:{k:1}}}];"
wf("exec-params", [start(), code("Items", items),
    pg("Params 2.6", {"operation": "executeQuery", "query": "SELECT $1::int AS id, $2 AS name, $3 AS n", "options": {"queryReplacement": "={{ $json.id }},{{ $json.name }}, {{ $json.n }}"}}, 2.6, y=0, onError="continueRegularOutput"),
    pg("Params 2.4", {"operation": "executeQuery", "query": "SELECT $1 AS id, $2 AS name, $3 AS n, $4 AS tags, $5 AS obj", "options": {"queryReplacement": "={{ $json.id }},{{ $json.name }},{{ $json.n }},{{ $json.tags }},{{ $json.obj }}"}}, 2.4, y=200),
    pg("Inline expression", {"operation": "executeQuery", "query": "=SELECT {{ $json.id }} * 10 AS ten, '{{ $json.name.length }}' AS len", "options": {}}, 2.6, y=400),
    pg("Quoted literal", {"operation": "executeQuery", "query": "SELECT '$1' AS a, $1 AS b", "options": {"queryReplacement": "={{ $json.name }}", "treatQueryParametersInSingleQuotesAsText": True}}, 2.6, y=600),
    pg("JSON param", {"operation": "executeQuery", "query": "SELECT $1::jsonb AS j", "options": {"queryReplacement": "={{ JSON.stringify({a: $json.id, b: [1,2]}) }}"}}, 2.6, y=800),
  ], [("Start", "Items"), ("Items", "Params 2.6"), ("Items", "Params 2.4"), ("Items", "Inline expression"), ("Items", "Quoted literal"), ("Items", "JSON param")])

cnt = "return [{json:{name:'c',n:3}},{json:{name:'a',n:9}},{json:{name:'d',n:4}}];"
wf("exec-batching", [start(), code("Items", cnt),
    pg("Independently", {"operation": "executeQuery", "query": "INSERT INTO counters VALUES ($1, $2) RETURNING *", "options": {"queryBatching": "independently", "queryReplacement": "={{ $json.name }},{{ $json.n }}"}}, 2.6, y=0, onError="continueRegularOutput"),
    pg("Transaction", {"operation": "executeQuery", "query": "INSERT INTO counters VALUES ($1 || 'x', $2) RETURNING *", "options": {"queryBatching": "transaction", "queryReplacement": "={{ $json.name }},{{ $json.n }}"}}, 2.6, y=200, onError="continueRegularOutput"),
    pg("Single no rows", {"operation": "executeQuery", "query": "UPDATE counters SET n = n + 1 WHERE name = $1", "options": {"queryReplacement": "={{ $json.name }}"}}, 2.6, y=400),
    pg("Select none", {"operation": "executeQuery", "query": "SELECT * FROM counters WHERE false", "options": {"queryBatching": "independently"}}, 2.6, y=600),
  ], [("Start", "Items"), ("Items", "Independently"), ("Independently", "Transaction"), ("Transaction", "Single no rows"), ("Single no rows", "Select none")])

wf("exec-error-syntax", [start(),
    pg("Bad query", {"operation": "executeQuery", "query": "SELECT 1;\nSELEC * FROM people", "options": {}}, 2.6)],
   [("Start", "Bad query")])

wf("exec-error-continue", [start(), code("Items", cnt),
    pg("Missing table", {"operation": "executeQuery", "query": "SELECT * FROM nope WHERE name = $1", "options": {"queryReplacement": "={{ $json.name }}"}}, 2.6, onError="continueRegularOutput"),
    pg("Unique violation", {"operation": "executeQuery", "query": "INSERT INTO counters VALUES ('a', 1)", "options": {}}, 2.6, y=200, x=600, onError="continueRegularOutput", executeOnce=True),
  ], [("Start", "Items"), ("Items", "Missing table"), ("Missing table", "Unique violation")])

people = "return [{json:{name:'Fay',email:'fay@example.com',age:28,score:'77.5',tags:['new','x\"y'],meta:{lang:'de',deep:{a:[1,2]}}}},{json:{name:'Gus',email:null,age:null,active:false,tags:[],meta:[1,2]}}];"
wf("insert-automap", [start(), code("People", people),
    pg("Insert", {"schema": rl("public", "list"), "table": rl("people", "list"), "columns": {"mappingMode": "autoMapInputData", "value": {}, "matchingColumns": [], "schema": []}, "options": {}}, 2.6),
    pg("Insert again", {"schema": rl("public", "list"), "table": rl("people", "list"), "columns": {"mappingMode": "autoMapInputData", "value": {}, "matchingColumns": [], "schema": []}, "options": {"skipOnConflict": True, "outputColumns": ["id", "name"]}}, 2.6, x=600, y=200),
  ], [("Start", "People"), ("People", "Insert"), ("People", "Insert again")])

wf("insert-define", [start(), code("Rows", "return [{json:{who:'Hal',n:3}},{json:{who:'Ivy',n:4}}];"),
    pg("Insert", {"schema": rl("public", "list"), "table": rl("people", "list"), "columns": {"mappingMode": "defineBelow",
        "value": {"name": "={{ $json.who }}", "age": "={{ $json.n * 10 }}", "doc": "={{ {\"k\": $json.n} }}", "email": "={{ $json.who.toLowerCase() }}@example.org"},
        "matchingColumns": ["id"], "schema": [
            {"id": "id", "displayName": "id", "required": False, "defaultMatch": True, "display": True, "type": "number", "canBeUsedToMatch": True, "removed": True},
            {"id": "name", "displayName": "name", "required": True, "defaultMatch": False, "display": True, "type": "string", "canBeUsedToMatch": False},
            {"id": "email", "displayName": "email", "required": False, "defaultMatch": False, "display": True, "type": "string", "canBeUsedToMatch": True},
            {"id": "age", "displayName": "age", "required": False, "defaultMatch": False, "display": True, "type": "number", "canBeUsedToMatch": False},
            {"id": "doc", "displayName": "doc", "required": False, "defaultMatch": False, "display": True, "type": "object", "canBeUsedToMatch": False}],
        "attemptToConvertTypes": False, "convertFieldsToString": False}, "options": {"outputColumns": ["id", "email", "doc"]}}, 2.5),
    pg("Insert v2", {"table": "counters", "dataMode": "defineBelow", "valuesToSend": {"values": [{"column": "name", "value": "={{ $json.who }}"}, {"column": "n", "value": "={{ $json.n }}"}]}, "options": {}}, 2, y=200),
  ], [("Start", "Rows"), ("Rows", "Insert"), ("Rows", "Insert v2")])

wf("upsert", [start(), code("Rows", "return [{json:{name:'a',n:100}},{json:{name:'z',n:26}}];"),
    pg("Upsert", {"operation": "upsert", "schema": rl("public", "list"), "table": rl("counters", "list"), "columns": {"mappingMode": "autoMapInputData", "value": {}, "matchingColumns": ["name"], "schema": []}, "options": {}}, 2.5),
    pg("Upsert define", {"operation": "upsert", "schema": rl("other"), "table": rl("items"), "columns": {"mappingMode": "defineBelow", "value": {"sku": "=s{{ $json.n === 100 ? 1 : 3 }}", "qty": "={{ $json.n }}"}, "matchingColumns": ["sku"], "schema": []}, "options": {"outputColumns": ["sku", "qty"]}}, 2.5, y=200),
  ], [("Start", "Rows"), ("Rows", "Upsert"), ("Rows", "Upsert define")])

wf("update", [start(), code("Rows", "return [{json:{id:1,age:37,email:'ada@example.com',score:1.25}},{json:{id:3,age:42,email:'cy@example.com',score:null}}];"),
    pg("Update define", {"operation": "update", "schema": rl("public", "list"), "table": rl("people", "list"), "columns": {"mappingMode": "defineBelow", "value": {"id": "={{ $json.id }}", "age": "={{ $json.age }}"}, "matchingColumns": ["id"], "schema": []}, "options": {"outputColumns": ["id", "name", "age"]}}, 2.5),
    pg("Update automap", {"operation": "update", "schema": rl("public", "list"), "table": rl("people", "list"), "columns": {"mappingMode": "autoMapInputData", "value": {}, "matchingColumns": ["email"], "schema": []}, "options": {}}, 2.6, y=200, x=600),
    pg("Update v2", {"operation": "update", "table": "counters", "columnToMatchOn": "name", "dataMode": "defineBelow", "valueToMatchOn": "b", "valuesToSend": {"values": [{"column": "n", "value": "={{ $json.age }}"}]}, "options": {}}, 2, y=400, executeOnce=True),
  ], [("Start", "Rows"), ("Rows", "Update define"), ("Update define", "Update automap"), ("Rows", "Update v2")])

wf("update-missing", [start(),
    pg("Update", {"operation": "update", "schema": rl("public", "list"), "table": rl("people", "list"), "columns": {"mappingMode": "defineBelow", "value": {"id": 99, "age": 1}, "matchingColumns": ["id"], "schema": []}, "options": {}}, 2.5)],
   [("Start", "Update")])

wf("select", [start(),
    pg("Where sort limit", {"operation": "select", "schema": rl("public", "list"), "table": rl("people", "list"), "limit": 2,
        "where": {"values": [{"column": "age", "condition": ">=", "value": "26"}, {"column": "active", "value": "true"}]},
        "sort": {"values": [{"column": "age", "direction": "DESC"}]}, "options": {}}, 2.6, y=0),
    pg("Or all columns", {"operation": "select", "schema": rl("public", "list"), "table": rl("people", "list"), "returnAll": True,
        "where": {"values": [{"column": "email", "condition": "IS NULL"}, {"column": "name", "condition": "LIKE", "value": "%y"}]}, "combineConditions": "OR",
        "sort": {"values": [{"column": "id"}]}, "options": {"outputColumns": ["id", "name", "tags"]}}, 2.6, y=200),
    pg("Other schema", {"operation": "select", "schema": rl("other"), "table": rl("items"), "returnAll": True, "options": {}}, 2.6, y=400),
    pg("Default limit", {"operation": "select", "schema": rl("public", "list"), "table": rl("orders", "list"), "options": {}, "sort": {"values": [{"column": "amount", "direction": "DESC"}]}}, 2.6, y=600),
    pg("Bad number", {"operation": "select", "schema": rl("public", "list"), "table": rl("people", "list"), "where": {"values": [{"column": "age", "condition": "<", "value": "abc"}]}, "options": {}}, 2.6, y=800, onError="continueRegularOutput"),
  ], [("Start", "Where sort limit"), ("Start", "Or all columns"), ("Start", "Other schema"), ("Start", "Default limit"), ("Start", "Bad number")])

wf("delete", [start(),
    pg("Delete rows", {"operation": "deleteTable", "schema": rl("public", "list"), "table": rl("people", "list"), "deleteCommand": "delete",
        "where": {"values": [{"column": "id", "value": "4"}]}, "options": {}}, 2.6, y=0),
    pg("Truncate", {"operation": "deleteTable", "schema": rl("public", "list"), "table": rl("orders", "list"), "restartSequences": True, "options": {}}, 2.6, y=200),
    pg("Drop", {"operation": "deleteTable", "schema": rl("other"), "table": rl("items"), "deleteCommand": "drop", "options": {"cascade": True}}, 2.6, y=400),
  ], [("Start", "Delete rows"), ("Start", "Truncate"), ("Start", "Drop")])

counter_schema = [
    {"id": "name", "displayName": "name", "required": True, "defaultMatch": False, "display": True, "type": "string", "canBeUsedToMatch": True},
    {"id": "n", "displayName": "n", "required": False, "defaultMatch": False, "display": True, "type": "number", "canBeUsedToMatch": False}]
wf("insert-convert", [start(), code("Rows", "return [{json:{k:'x',v:'7'}},{json:{k:'y',v:' 8 '}}];"),
    pg("Insert text numbers", {"schema": rl("public", "list"), "table": rl("counters", "list"), "columns": {"mappingMode": "defineBelow",
        "value": {"name": "={{ $json.k }}", "n": "={{ $json.v }}"}, "matchingColumns": [], "schema": counter_schema,
        "attemptToConvertTypes": False, "convertFieldsToString": False}, "options": {}}, 2.5),
    pg("Insert bad number", {"schema": rl("public", "list"), "table": rl("counters", "list"), "columns": {"mappingMode": "defineBelow",
        "value": {"name": "={{ $json.name }}z", "n": "={{ $json.n }}x"}, "matchingColumns": [], "schema": counter_schema,
        "attemptToConvertTypes": False, "convertFieldsToString": False}, "options": {}}, 2.5, x=600),
  ], [("Start", "Rows"), ("Rows", "Insert text numbers"), ("Insert text numbers", "Insert bad number")])

# typeVersion 1 (pg-promise helpers: insert/update built by ColumnSet,
# query parameters from item properties, no {success: true} items).
wf("v1-query", [start(), code("Ids", "return [{json:{id:1, lim:2}},{json:{id:3, lim:1}}];"),
    pg("Params", {"operation": "executeQuery", "query": "SELECT id, name, age, score, created FROM people WHERE id = $1", "additionalFields": {"queryParams": "id"}}, 1, x=400),
    pg("Types tx", {"operation": "executeQuery", "query": "SELECT * FROM types ORDER BY id", "additionalFields": {"mode": "transaction"}}, 1, x=400, y=200, executeOnce=True),
    pg("Independent", {"operation": "executeQuery", "query": "=SELECT name FROM people ORDER BY id LIMIT {{ $json.lim }}", "additionalFields": {"mode": "independently", "largeNumbersOutput": "numbers"}}, 1, x=400, y=400),
    pg("No rows", {"operation": "executeQuery", "query": "UPDATE counters SET n = n + 1", "additionalFields": {}}, 1, x=400, y=600),
  ], [("Start", "Ids"), ("Ids", "Params"), ("Ids", "Types tx"), ("Ids", "Independent"), ("Ids", "No rows")])

wf("v1-write", [start(), code("Rows", "return [{json:{name:'Fay', email:'fay@example.com', age:'33', extra:1}},{json:{name:\"O'Neil\", age:50}}];"),
    pg("Insert", {"table": "people", "columns": "name, email, age:int", "returnFields": "id, name, age"}, 1, x=400),
    pg("Insert default", {"table": "people", "columns": "name", "additionalFields": {}}, 1, x=400, y=200),
    code("Items", "return [{json:{sku:'s3', qty:7, note:'new'}},{json:{sku:'s4', qty:1}}];", y=400, x=400),
    pg("Insert other", {"schema": "other", "table": "items", "columns": "sku,qty,note", "additionalFields": {"mode": "independently"}}, 1, x=600, y=400),
    code("Changes", "return [{json:{id:1, name:'Ada L', age:37}},{json:{id:2, name:'Bob S', age:26}}];", y=600, x=400),
    pg("Update", {"operation": "update", "table": "people", "columns": "name, age", "returnFields": "email, score"}, 1, x=600, y=600),
    code("Counters", "return [{json:{name:'a', n:10}},{json:{name:'b', n:20}}];", y=800, x=400),
    pg("Update tx", {"operation": "update", "table": "counters", "updateKey": "name", "columns": "n:int", "additionalFields": {"mode": "transaction"}}, 1, x=600, y=800),
  ], [("Start", "Rows"), ("Rows", "Insert"), ("Rows", "Insert default"), ("Start", "Items"), ("Items", "Insert other"), ("Start", "Changes"), ("Changes", "Update"), ("Start", "Counters"), ("Counters", "Update tx")])

wf("v1-error", [start(),
    pg("Bad", {"operation": "executeQuery", "query": "SELEC 1", "additionalFields": {}}, 1),
  ], [("Start", "Bad")])
