package nodes

import (
	"fmt"
	"sync"
)

// Info describes one supported node type for people: `n8n-go nodes` and
// the README's node table are made from it.
type Info struct {
	Type        string    `json:"type"`
	Name        string    `json:"name"`
	Group       string    `json:"group"`
	Versions    []float64 `json:"versions"`
	Operations  []string  `json:"operations"`
	Limitations []string  `json:"limitations"`
}

// doc is what the registry does not know about a type.
type doc struct {
	name, group string
	operations  []string
	limitations []string
}

// docs holds one entry per type in All (a test keeps them in step). The
// operations are what the node implements; limitations are what n8n
// does and n8n-go does not (validate reports each as a problem). Built on
// first use: as a package-level literal every invocation built it at init.
var docs = sync.OnceValue(func() map[string]doc {
	return map[string]doc{
		"n8n-nodes-base.manualTrigger": {"Manual Trigger", "Triggers", nil, nil},
		"n8n-nodes-base.scheduleTrigger": {"Schedule Trigger", "Triggers",
			[]string{"seconds", "minutes", "hours", "days", "weeks", "months", "cronExpression"},
			[]string{"expressions in schedule rules"}},
		"n8n-nodes-base.gmailTrigger": {"Gmail Trigger", "Triggers",
			[]string{"messageReceived (polled at pollTimes in serve, last message in a manual or CLI run), simplified or raw, filters"},
			[]string{"polls run on the main instance in queue mode"}},
		"n8n-nodes-base.googleSheetsTrigger": {"Google Sheets Trigger", "Triggers",
			[]string{"rowAdded (polled at pollTimes in serve, every row in a manual or CLI run), data location options",
				"rowUpdate and anyUpdate (the sheet compared with the xlsx export of its previous Drive revision), includeInOutput new/old/both, columnsToWatch"},
			[]string{"polls run on the main instance in queue mode"}},
		"n8n-nodes-base.googleDriveTrigger": {"Google Drive Trigger", "Triggers",
			[]string{"specificFolder: fileCreated, fileUpdated, folderCreated, folderUpdated, watchFolderUpdated", "specificFile: fileUpdated"},
			[]string{"polls run on the main instance in queue mode"}},
		"n8n-nodes-base.telegramTrigger": {"Telegram Trigger", "Triggers", []string{"updates (setWebhook on serve start, deleteWebhook on stop)"},
			[]string{"started by `serve` only (registers the webhook with Telegram)"}},
		"n8n-nodes-base.cron": {"Cron (legacy)", "Triggers",
			[]string{"everyMinute", "everyHour", "everyDay", "everyWeek", "everyMonth", "everyX", "custom"},
			[]string{"expressions in trigger times"}},
		"n8n-nodes-base.webhook": {"Webhook", "Triggers",
			[]string{"DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"},
			[]string{"responseMode streaming", "expressions in webhook settings", "ed25519 JWT keys"}},
		"n8n-nodes-base.formTrigger": {"n8n Form Trigger", "Triggers",
			[]string{"text", "textarea", "number", "email", "password", "date", "dropdown", "checkbox", "radio", "file", "hiddenField", "html"},
			[]string{"expressions in form settings", "n8n's sandbox CSP header", "executions run on the main instance in queue mode"}},
		"n8n-nodes-base.form": {"n8n Form", "Triggers",
			[]string{"page (a further page at /form-waiting/<id>; fields below or as JSON)", "completion (text, redirect, showText, returnBinary)"},
			[]string{"executions run on the main instance in queue mode"}},
		"n8n-nodes-base.respondToWebhook": {"Respond to Webhook", "Triggers", nil,
			[]string{"respondWith jwt"}},
		"n8n-nodes-base.noOp":           {"No Operation", "Flow", nil, nil},
		"n8n-nodes-base.limit":          {"Limit", "Flow", []string{"firstItems", "lastItems"}, nil},
		"n8n-nodes-base.merge":          {"Merge", "Flow", []string{"append", "combineByFields", "combineByPosition", "combineAll", "chooseBranch", "v1: mergeByIndex, mergeByKey, keepKeyMatches, removeKeyMatches, multiplex, passThrough, wait", "v2: combine (mergeByFields, mergeByPosition, multiplex)"}, []string{"combineBySql (SQL Query)"}},
		"n8n-nodes-base.if":             {"If", "Flow", nil, nil},
		"n8n-nodes-base.filter":         {"Filter", "Flow", nil, nil},
		"n8n-nodes-base.switch":         {"Switch", "Flow", []string{"rules", "expression"}, nil},
		"n8n-nodes-base.stopAndError":   {"Stop and Error", "Flow", nil, nil},
		"n8n-nodes-base.stickyNote":     {"Sticky Note", "Flow", nil, nil},
		"n8n-nodes-base.splitInBatches": {"Loop Over Items (Split in Batches)", "Flow", nil, nil},
		"n8n-nodes-base.wait": {"Wait", "Flow", []string{"timeInterval", "specificTime", "webhook", "form"},
			[]string{"a resumed execution goes on on the main instance in queue mode (n8n enqueues it again)"}},
		"n8n-nodes-base.executeWorkflow": {"Execute Workflow", "Flow",
			[]string{"database (by id, from --workflows)", "localFile", "parameter", "url"}, nil},
		"n8n-nodes-base.executionData": {"Execution Data", "Flow", []string{"save"}, nil},
		"n8n-nodes-base.errorTrigger":  {"Error Trigger", "Triggers", nil, nil},
		"n8n-nodes-base.executeWorkflowTrigger": {"Execute Workflow Trigger", "Triggers",
			[]string{"workflowInputs", "jsonExample", "passthrough"}, nil},
		"n8n-nodes-base.set":      {"Edit Fields (Set)", "Data", []string{"manual", "raw"}, nil},
		"n8n-nodes-base.splitOut": {"Split Out", "Data", nil, nil},
		"n8n-nodes-base.itemLists": {"Item Lists (legacy)", "Data",
			[]string{"splitOutItems", "aggregateItems", "concatenateItems", "removeDuplicates", "sort", "limit", "summarize"}, nil},
		"n8n-nodes-base.dateTime": {"Date & Time", "Data",
			[]string{"v1: format, calculate", "v2: getCurrentDate, addToDate, subtractFromDate, formatDate, roundDate, getTimeBetweenDates, extractDate"},
			[]string{"v1 fromFormat with moment-only tokens", "locales other than en"}},
		"n8n-nodes-base.spreadsheetFile": {"Spreadsheet File (legacy)", "Files", []string{"fromFile (CSV, XLSX, XLS, ODS, HTML, RTF, SpreadsheetML 2003; the range option)", "toFile (CSV, XLSX, XLS, ODS, HTML, RTF)"},
			[]string{"XLSX written by excelize: same cells, not SheetJS's bytes"}},
		"n8n-nodes-base.aggregate":       {"Aggregate", "Data", []string{"aggregateIndividualFields", "aggregateAllItemData"}, nil},
		"n8n-nodes-base.compareDatasets": {"Compare Datasets", "Data", nil, nil},
		"n8n-nodes-base.code": {"Code", "Data", []string{"runOnceForAllItems", "runOnceForEachItem"},
			[]string{"Python", "binary helpers (getBinaryDataAsync, prepareBinaryData), Buffer", "require of modules other than crypto (when NODE_FUNCTION_ALLOW_BUILTIN allows it)"}},
		"n8n-nodes-base.function":         {"Function", "Data", nil, []string{"binary helpers"}},
		"n8n-nodes-base.functionItem":     {"Function Item", "Data", nil, []string{"binary helpers"}},
		"n8n-nodes-base.sort":             {"Sort", "Data", []string{"simple", "random"}, []string{"type code (sort with JavaScript)"}},
		"n8n-nodes-base.removeDuplicates": {"Remove Duplicates", "Data", []string{"removeDuplicateInputItems", "removeItemsSeenInPreviousExecutions", "clearDeduplicationHistory"}, nil},
		"n8n-nodes-base.renameKeys":       {"Rename Keys", "Data", nil, nil},
		"n8n-nodes-base.summarize":        {"Summarize", "Data", []string{"append", "average", "concatenate", "count", "countUnique", "max", "min", "sum"}, nil},
		"n8n-nodes-base.crypto": {"Crypto", "Data", []string{"hash", "hmac", "sign", "generate"},
			[]string{"sign with Ed25519 keys"}},
		"n8n-nodes-base.html": {"HTML", "Data", []string{"generateHtmlTemplate", "extractHtmlContent", "convertToHtmlTable"},
			[]string{"1.2 text: html-to-text's data-table layout and blockquote prefixes"}},
		"n8n-nodes-base.htmlExtract": {"HTML Extract (legacy)", "Data", nil, nil},
		"n8n-nodes-base.markdown": {"Markdown", "Data", []string{"markdownToHtml", "htmlToMarkdown"},
			[]string{"most converter options (showdown and node-html-markdown settings) are ignored"}},
		"n8n-nodes-base.xml": {"XML", "Data", []string{"xmlToJson", "jsonToxml"}, nil},
		"n8n-nodes-base.convertToFile": {"Convert to File", "Files", []string{"csv", "xlsx", "xls", "ods", "html", "rtf", "iCal", "toJson", "toText", "toBinary"},
			[]string{"XLSX written by excelize: same cells, not SheetJS's bytes", "iCal: a generated uid and DTSTAMP once per node execution (n8n: once per process)"}},
		"n8n-nodes-base.iCal": {"iCalendar (hidden)", "Files", []string{"createEventFile"},
			[]string{"a generated uid and DTSTAMP once per node execution (n8n: once per process)"}},
		"n8n-nodes-base.extractFromFile": {"Extract from File", "Files", []string{"csv", "xlsx", "xls", "ods", "html", "rtf", "pdf", "fromIcs", "fromJson", "text", "xml", "binaryToPropery"},
			[]string{"text encodings other than UTF-8 (n8n detects them)", "PDF: XMP metadata, fonts without widths (spaces guessed at half an em per glyph), encrypted files as the PDF library reads them",
				"ICS: a time zone rule with BYWEEKNO (never written by calendar apps) is refused; IANA zone names are matched case-sensitively (Intl does not)", "HTML/CSV dates: the common shapes of V8's Date parser, not all",
				"SpreadsheetML 2003 files (read by content, as SheetJS): number formats other than short dates are not applied to header texts"}},
		"n8n-nodes-base.compression": {"Compression", "Files", []string{"compress (zip, gzip)", "decompress (zip, gzip)"},
			[]string{"archives are Go's deflate, not fflate's: same content, other bytes", "a corrupt deflate stream is reported in Go's words"}},
		"n8n-nodes-base.readBinaryFile":  {"Read Binary File (legacy)", "Files", nil, nil},
		"n8n-nodes-base.readBinaryFiles": {"Read Binary Files (legacy)", "Files", nil, nil},
		"n8n-nodes-base.writeBinaryFile": {"Write Binary File (legacy)", "Files", nil, nil},
		"n8n-nodes-base.moveBinaryData": {"Move Binary Data (legacy)", "Files", []string{"binaryToJson", "jsonToBinary"},
			[]string{"encodings other than utf8"}},
		"n8n-nodes-base.readWriteFile": {"Read/Write Files from Disk", "Files", []string{"read", "write"},
			[]string{"N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES (n8n-go has no n8n folder)", "N8N_BLOCK_FILE_PATTERNS: only its default (files in .git folders are refused)"}},
		"n8n-nodes-base.clockify": {"Clockify", "Apps",
			[]string{"client: create, delete, get, getAll, update", "project: create, delete, get, getAll, update",
				"tag: create, delete, getAll, update", "task: create, delete, get, getAll, update",
				"timeEntry: create, delete, get, update", "user: getAll"},
			[]string{"API key credential (clockifyApi) only"}},
		"n8n-nodes-base.airtable": {"Airtable", "Apps",
			[]string{"record: create, upsert, update, delete, get, search (filterByFormula, view, sort, fields, returnAll paging)",
				"typeVersion 1: append, delete, list, read, update (the API key authentication fails as in n8n)"},
			[]string{"typeVersion 1 list option Download Attachments", "base resource (getMany, getSchema)", "search/get option Download Attachments", "resource mapper type validation of column values"}},
		"n8n-nodes-base.slack": {"Slack", "Apps",
			[]string{"message: post, update, delete, getPermalink", "channel: create, archive, get, getAll, history",
				"channel: close, invite, join, kick, leave, member, rename, replies, setPurpose, setTopic, unarchive",
				"user: info, getAll, getProfile, getPresence", "reaction: add, remove, get", "file: upload, get, getAll",
				"typeVersion 1: message post, postEphemeral, update, delete, getPermalink; the channel operations above; user info, getAll, getPresence; reaction add, remove, get"},
			[]string{"message: sendAndWait, search", "channel: open", "user: updateProfile", "star and userGroup resources",
				"typeVersion 1: the blocks builder (blocksUi; JSON blocks work), file, star, userGroup and userProfile resources"}},
		"n8n-nodes-base.telegram": {"Telegram", "Apps",
			[]string{"message: sendMessage, sendPhoto, sendDocument, sendAudio, sendVideo, sendAnimation, sendSticker, sendLocation, sendChatAction, sendMediaGroup, editMessageText, deleteMessage, pinChatMessage, unpinChatMessage",
				"chat: get, administrators, member, leave, setDescription, setTitle", "callback: answerQuery, answerInlineQuery", "file: get"},
			[]string{"message: sendAndWait (send and wait for a response)"}},
		"n8n-nodes-base.googleSheets": {"Google Sheets", "Apps",
			[]string{"sheet: append, appendOrUpdate, clear, create, delete, read, remove, update", "spreadsheet: create, deleteSpreadsheet (through the Drive API)",
				"typeVersions 1 and 2 (sheetId and A1 range): sheet append, clear, create, delete, lookup, read, remove, update, upsert; spreadsheet create"},
			[]string{"googleSheetsTriggerOAuth2Api (trigger authentication)"}},
		"n8n-nodes-base.httpRequest": {"HTTP Request", "Apps",
			[]string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"},
			[]string{"binary uploads in typeVersions 1 and 2", "predefined credential types without a rule in internal/auth"}},
		"n8n-nodes-base.notion": {"Notion", "Apps",
			[]string{"block: append, getAll", "database: get, getAll, search", "databasePage: create, get, getAll, update",
				"page: archive, create, search", "user: get, getAll"},
			[]string{"API key credential (notionApi) only, no OAuth2"}},
		"n8n-nodes-base.postgres": {"Postgres", "Apps",
			[]string{"executeQuery", "insert", "upsert", "update", "select", "deleteTable",
				"typeVersion 1: executeQuery (queryParams), insert, update; modes multiple, independently, transaction"},
			[]string{"SSH tunnel", "typeVersion 1: the code and message n8n puts beside an error item's json under continueOnFail"}},
		"n8n-nodes-base.emailSend": {"Send Email", "Apps",
			[]string{"send"},
			[]string{"sendAndWait"}},
		"n8n-nodes-base.gmail": {"Gmail", "Apps",
			[]string{"message: send, reply, get, getAll, delete, markAsRead, markAsUnread, addLabels, removeLabels",
				"label: create, delete, get, getAll", "draft: create, delete, get, getAll",
				"thread: get, getAll, delete, reply, trash, untrash, addLabels, removeLabels",
				"typeVersion 1: message send, reply, get, getAll, delete; label create, delete, get, getAll; messageLabel add, remove; draft create, delete, get, getAll",
				"message: sendAndWait with responseType approval (signed links to /webhook-waiting/<id>/<nodeId> in serve, single or double approval, limit wait time)"},
			[]string{"message: sendAndWait with responseType freeText or customForm (a response form at the resume URL)", "service account (googleApi) until its credential rule lands",
				"raw messages: HTML-only bodies get a simpler text than html-to-text's"}},
		"n8n-nodes-base.googleDrive": {"Google Drive", "Apps",
			[]string{"file: upload, download, copy, move, update, share, deleteFile, createFromText (convertToGoogleDocument through the Docs API)",
				"fileFolder: search", "folder: create, deleteFolder, share", "drive: create, deleteDrive, get, list, update",
				"typeVersions 1 and 2: file copy, delete, download, list, share, update, upload; folder create, delete, share; drive create, delete, get, list, update"},
			[]string{"typeVersions 1 and 2: drive list with returnAll over more than one page (n8n's old helper loops on the first page)",
				"resumable uploads (n8n uses them for binary data kept on disk; n8n-go always sends multipart)",
				"service account (googleApi) until its credential rule lands"}},
	}
})

// Catalog lists every supported node type, in the order of All, with its
// versions from the registry.
func Catalog() ([]Info, error) {
	reg, err := Registry()
	if err != nil {
		return nil, err
	}
	var out []Info
	for _, n := range All() {
		typ := n.Describe().Type
		d, ok := docs()[typ]
		if !ok {
			return nil, fmt.Errorf("nodes: %s has no catalog entry", typ)
		}
		desc, _ := reg.Describe(typ)
		out = append(out, Info{Type: typ, Name: d.name, Group: d.group, Versions: desc.Versions,
			Operations: orEmpty(d.operations), Limitations: orEmpty(d.limitations)})
	}
	return out, nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
