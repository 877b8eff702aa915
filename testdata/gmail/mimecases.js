// mimecases.js — writes mime-cases.json: inputs and nodemailer's MIME for
// them (the library n8n's Gmail node builds messages with), so the Go
// composer is tested against the real thing.
//   node testdata/gmail/mimecases.js /root/.cache/n8n-oracle/node_modules
const path = require('path');
const fs = require('fs');
const nm = process.argv[2] || '/root/.cache/n8n-oracle/node_modules';
const MailComposer = require(path.join(nm, 'nodemailer/lib/mail-composer'));
const attr = (m, html) => html
  ? `\n\t\t\t${m}\n\t\t\t<br>\n\t\t\t<br>\n\t\t\t---\n\t\t\t<br>\n\t\t\t<em>This email was sent automatically with <a href="https://n8n.io/?utm_source=n8n-internal&utm_medium=powered_by&utm_campaign=n8n-nodes-base.gmail_94f74a65b871d11e6c669e106f2136de0e4d1ad478707b2d4a5edd5aa8ab4620" target="_blank">n8n</a></em>\n\t\t\t`
  : `${m}\n\n---\nThis email was sent automatically with n8n\nhttps://n8n.io`;
const cases = [
  { name: 'text', to: '<bob@example.com>, ', subject: 'Hello', text: 'Hi Bob,\nhow are you?' },
  { name: 'html-attribution', to: '<bob@example.com>, ', subject: 'Report', html: attr('<p>Hello <b>Bob</b></p>', true) },
  { name: 'text-attribution', to: '<bob@example.com>, ', subject: 'Report', text: attr('Hello Bob', false) },
  { name: 'long-lines', to: '<a@example.com>, <b@example.com>, ', subject: 'Long', text: 'word '.repeat(40) + '\nshort\n' + 'x'.repeat(200) },
  { name: 'latin1', to: '<a@example.com>, ', subject: 'Café déjà vu', text: 'Crème brûlée, naïve café. Ünïcödé is fine here with plenty of latin letters.' },
  { name: 'cjk', to: '<a@example.com>, ', subject: '日本語の件名です、とても長い件名をテストしています', text: 'こんにちは世界。これはテストです。' },
  { name: 'emoji-subject', to: '<a@example.com>, ', subject: '🎉 Party time 🎉 with friends and family tonight', text: 'See you 🎉' },
  { name: 'quote-subject', to: '<a@example.com>, ', subject: 'He said "hi"', text: 'x' },
  { name: 'long-subject', to: '<a@example.com>, ', subject: 'A very long subject line that certainly goes past the seventy-six character limit of a header', text: 'x' },
  { name: 'sender', from: 'John Carpenter <me@example.com>', to: '<a@example.com>, ', cc: '<c1@example.com>, <c2@Example.COM>, ', bcc: '<hidden@example.com>, ', replyTo: '<reply@example.com>, ', subject: 'S', html: '<p>x</p>' },
  { name: 'names', from: "O'Brien, Pat <me@example.com>", to: 'Zoë Ünder <z@example.com>,<y@example.com>, ', subject: 'S', text: 'x' },
  { name: 'reply', to: '<a@example.com>', inReplyTo: '<orig@example.com>', references: '<orig@example.com>', subject: 'Re: Hello', html: '<p>reply</p>' },
  { name: 'attachment-html', to: '<a@example.com>, ', subject: 'File', html: '<p>see attached</p>', attachments: [{ name: 'report.txt', type: 'text/plain', content: 'hello attachment\n' }] },
  { name: 'attachments-alt', to: '<a@example.com>, ', subject: 'Files', text: 'plain', html: '<p>html</p>', attachments: [{ name: 'a b.csv', type: 'text/csv', content: 'a,b\n1,2\n' }, { name: 'données é.bin', type: 'application/octet-stream', content: 'x'.repeat(300) }] },
  { name: 'attachment-only', to: '<a@example.com>, ', subject: 'Only', attachments: [{ name: 'x.json', type: 'application/json', content: '{"a":1}' }] },
  { name: 'empty', to: '<a@example.com>, ', subject: '' },
  { name: 'qp-edges', to: '<a@example.com>, ', subject: 'qp', text: 'tab\tend \nspace end \n= equals =\n' + 'é'.repeat(50) + ' and more latin text to keep it quoted printable ' + 'ab'.repeat(60) },
];
(async () => {
  const out = [];
  for (const c of cases) {
    const o = { from: c.from, to: c.to, cc: c.cc, bcc: c.bcc, replyTo: c.replyTo, inReplyTo: c.inReplyTo, references: c.references, subject: c.subject, text: c.text, keepBcc: true };
    if (c.html) o.html = c.html;
    if (c.attachments) o.attachments = c.attachments.map(a => ({ filename: a.name, content: Buffer.from(a.content), contentType: a.type, encoding: 'base64' }));
    o.disableFileAccess = true; o.disableUrlAccess = true;
    const mail = new MailComposer(o).compile();
    mail.keepBcc = true;
    const b = await mail.build();
    out.push({ ...c, mime: b.toString('utf8') });
  }
  fs.writeFileSync(path.join(__dirname, 'mime-cases.json'), JSON.stringify(out, null, 1) + '\n');
})();
