// Package nodes is the one list of every node type n8n-go implements.
// Adding a node means adding its package and one line here.
package nodes

import (
	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/nodes/aggregate"
	"github.com/n8n-go/n8n-go/nodes/airtable"
	"github.com/n8n-go/n8n-go/nodes/clockify"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/comparedatasets"
	"github.com/n8n-go/n8n-go/nodes/compression"
	"github.com/n8n-go/n8n-go/nodes/converttofile"
	"github.com/n8n-go/n8n-go/nodes/cron"
	"github.com/n8n-go/n8n-go/nodes/crypto"
	"github.com/n8n-go/n8n-go/nodes/datetime"
	"github.com/n8n-go/n8n-go/nodes/errortrigger"
	"github.com/n8n-go/n8n-go/nodes/executeworkflow"
	"github.com/n8n-go/n8n-go/nodes/executeworkflowtrigger"
	"github.com/n8n-go/n8n-go/nodes/executiondata"
	"github.com/n8n-go/n8n-go/nodes/extractfromfile"
	"github.com/n8n-go/n8n-go/nodes/filter"
	"github.com/n8n-go/n8n-go/nodes/form"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
	"github.com/n8n-go/n8n-go/nodes/function"
	"github.com/n8n-go/n8n-go/nodes/functionitem"
	"github.com/n8n-go/n8n-go/nodes/gmail"
	"github.com/n8n-go/n8n-go/nodes/googledrive"
	"github.com/n8n-go/n8n-go/nodes/googlesheets"
	"github.com/n8n-go/n8n-go/nodes/html"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
	ifnode "github.com/n8n-go/n8n-go/nodes/if"
	"github.com/n8n-go/n8n-go/nodes/itemlists"
	"github.com/n8n-go/n8n-go/nodes/limit"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/markdown"
	"github.com/n8n-go/n8n-go/nodes/merge"
	"github.com/n8n-go/n8n-go/nodes/movebinarydata"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/notion"
	"github.com/n8n-go/n8n-go/nodes/postgres"
	"github.com/n8n-go/n8n-go/nodes/readwritefile"
	"github.com/n8n-go/n8n-go/nodes/removeduplicates"
	"github.com/n8n-go/n8n-go/nodes/renamekeys"
	"github.com/n8n-go/n8n-go/nodes/respondtowebhook"
	"github.com/n8n-go/n8n-go/nodes/scheduletrigger"
	"github.com/n8n-go/n8n-go/nodes/sendemail"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/slack"
	sortnode "github.com/n8n-go/n8n-go/nodes/sort"
	"github.com/n8n-go/n8n-go/nodes/splitinbatches"
	"github.com/n8n-go/n8n-go/nodes/splitout"
	"github.com/n8n-go/n8n-go/nodes/spreadsheetfile"
	"github.com/n8n-go/n8n-go/nodes/stickynote"
	"github.com/n8n-go/n8n-go/nodes/stopanderror"
	"github.com/n8n-go/n8n-go/nodes/summarize"
	switchnode "github.com/n8n-go/n8n-go/nodes/switch"
	"github.com/n8n-go/n8n-go/nodes/telegram"
	"github.com/n8n-go/n8n-go/nodes/telegramtrigger"
	"github.com/n8n-go/n8n-go/nodes/wait"
	"github.com/n8n-go/n8n-go/nodes/webhook"
	xmlnode "github.com/n8n-go/n8n-go/nodes/xml"
)

// All returns one value of every node type.
func All() []engine.Node {
	return []engine.Node{
		// Triggers
		manualtrigger.New(),
		scheduletrigger.New(),
		cron.New(),
		webhook.New(),
		form.New(),
		formtrigger.New(),
		telegramtrigger.New(),
		respondtowebhook.New(),
		executeworkflowtrigger.New(),
		errortrigger.New(),
		// Flow
		noop.New(),
		limit.New(),
		merge.New(),
		ifnode.New(),
		filter.New(),
		switchnode.New(),
		stopanderror.New(),
		stickynote.New(),
		splitinbatches.New(),
		wait.New(),
		executeworkflow.New(),
		executiondata.New(),
		// Data
		set.New(),
		code.New(),
		function.New(),
		functionitem.New(),
		splitout.New(),
		aggregate.New(),
		comparedatasets.New(),
		sortnode.New(),
		removeduplicates.New(),
		renamekeys.New(),
		summarize.New(),
		itemlists.New(),
		datetime.New(),
		crypto.New(),
		html.New(),
		html.NewExtract(),
		markdown.New(),
		xmlnode.New(),
		// Files
		converttofile.New(),
		converttofile.NewICalendar(),
		compression.New(),
		extractfromfile.New(),
		readwritefile.New(),
		readwritefile.NewReadBinary(),
		readwritefile.NewWriteBinary(),
		readwritefile.NewReadBinaryFiles(),
		movebinarydata.New(),
		spreadsheetfile.New(),
		// Apps and HTTP
		clockify.New(),
		googlesheets.New(),
		googlesheets.NewTrigger(),
		gmail.New(),
		gmail.NewTrigger(),
		googledrive.New(),
		googledrive.NewTrigger(),
		httprequest.New(),
		notion.New(),
		telegram.New(),
		slack.New(),
		airtable.New(),
		postgres.New(),
		sendemail.New(),
	}
}

// Registry returns a registry of every node type.
func Registry() (*engine.Registry, error) { return engine.NewRegistry(All()...) }
