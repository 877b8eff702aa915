// record.js — records what Node's Intl (the runtime n8n 1.123.81 runs on
// here: Node 20, ICU 78) prints for the cases the intl package covers.
//   node engine/intl/testdata/record.js > engine/intl/testdata/cases.json
const dates = ["2024-01-15T10:00:00Z", "2024-03-05T14:07:09.123Z", "2024-12-31T00:05:00Z", "2024-07-04T23:59:59Z"];
const zones = ["UTC", "America/New_York", "Europe/Berlin"];
const locales = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pt-BR"];
const styleOpts = [];
for (const d of [undefined, "full", "long", "medium", "short"])
  for (const t of [undefined, "full", "long", "medium", "short"])
    if (d || t) styleOpts.push(Object.assign({}, d && { dateStyle: d }, t && { timeStyle: t }));
const compOpts = [
  {}, { year: "numeric", month: "numeric", day: "numeric" }, { year: "2-digit", month: "2-digit", day: "2-digit" },
  { month: "short", weekday: "short", day: "numeric" }, { month: "long", weekday: "long", day: "numeric" },
  { month: "long", day: "numeric", year: "numeric" }, { month: "short", day: "numeric", year: "numeric" },
  { month: "long", year: "numeric" }, { month: "short", day: "numeric" }, { month: "long" }, { weekday: "long" },
  { year: "numeric" }, { month: "numeric", day: "numeric" }, { weekday: "short", year: "numeric", month: "long", day: "numeric" },
  { hour: "numeric", minute: "numeric", hourCycle: "h24" }, { hour: "2-digit", minute: "2-digit", hourCycle: "h12" },
  { hour: "numeric", minute: "2-digit", hour12: true }, { hour: "numeric", minute: "2-digit", hour12: false },
  { hour: "numeric" }, { hour: "2-digit", minute: "2-digit", second: "2-digit" }, { hour: "numeric", minute: "numeric", timeZoneName: "short" },
  { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "numeric" },
  { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false },
  { dateStyle: "medium", timeStyle: "short" },
];
const out = { dates: [], numbers: [] };
for (const iso of dates) for (const tz of zones) for (const l of locales) {
  const d = new Date(iso);
  const opts = [...styleOpts, ...compOpts];
  for (const o of opts) {
    if (l !== "en-US" && !o.dateStyle && !o.timeStyle && Object.keys(o).length && tz !== "UTC") continue;
    for (const m of ["toLocaleString", "toLocaleDateString", "toLocaleTimeString"]) {
      if (m !== "toLocaleString" && (o.dateStyle || o.timeStyle || Object.keys(o).length)) continue;
      let want;
      try { want = d[m](l, { ...o, timeZone: tz }); } catch (e) { continue; }
      out.dates.push({ date: iso, zone: tz, locale: l, method: m, options: o, want });
    }
  }
}
const numbers = [0, -0, 1, -1, 1.005, 2.5, 1234.5, -1234567.891, 500000.125, 0.256, 12000, 123456.789, 1e21, 0.0001];
const numOpts = [{}, { style: "currency", currency: "USD" }, { style: "currency", currency: "EUR" }, { style: "currency", currency: "GBP" },
  { style: "currency", currency: "JPY" }, { style: "currency", currency: "USD", minimumFractionDigits: 0, maximumFractionDigits: 0 },
  { style: "currency", currency: "USD", currencyDisplay: "code" }, { style: "percent" }, { minimumFractionDigits: 2 },
  { maximumFractionDigits: 0 }, { minimumFractionDigits: 2, maximumFractionDigits: 2 }, { useGrouping: false }, { minimumIntegerDigits: 3 }];
for (const n of numbers) for (const l of locales) for (const o of numOpts)
  out.numbers.push({ n: Object.is(n, -0) ? "-0" : n, locale: l, options: o, want: n.toLocaleString(l, o) });
console.log(JSON.stringify(out, null, 1));
