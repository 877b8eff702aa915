-- Seed for the Postgres node goldens: the same database for real n8n
-- (record.sh) and n8n-go (nodes/postgres/golden_test.go).
SET client_min_messages = warning;

CREATE TABLE types (
  id serial PRIMARY KEY,
  i2 smallint, i4 integer, i8 bigint, num numeric(20,6), f4 real, f8 double precision,
  flag boolean, txt text, vc varchar(20), ch char(4),
  d date, ts timestamp, tstz timestamptz, tm time, ivl interval,
  js json, jsb jsonb, uid uuid, bin bytea,
  ints integer[], texts text[], nums numeric[], bigs bigint[], flags boolean[], jsbs jsonb[], dates date[], tstzs timestamptz[],
  pt point, money_v money
);
INSERT INTO types (i2, i4, i8, num, f4, f8, flag, txt, vc, ch, d, ts, tstz, tm, ivl, js, jsb, uid, bin,
  ints, texts, nums, bigs, flags, jsbs, dates, tstzs, pt, money_v) VALUES
(1, 42, 9007199254740993, 12345.678900, 1.5, 0.1, true, 'hello', 'varchar ''q''', 'ab',
 '2024-02-29', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05+02', '13:14:15', '1 year 2 mons 3 days 04:05:06.789',
 '{"b":1,"a":[1,2,{"c":null}]}', '{"b":1,"a":"x"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x00ff10',
 '{1,2,NULL}', '{"a b","c,d",NULL,"e\"f"}', '{1.5,2}', '{1,9007199254740993}', '{t,f}', ARRAY['{"k":1}'::jsonb], '{2024-01-01,2024-12-31}',
 '{"2024-01-02 03:04:05+00"}', '(1.5,-2)', 12.34),
(-7, -2147483648, -1, -0.5, 'NaN', 'Infinity', false, '', 'üñí', NULL,
 '0099-01-01', '2024-06-30 23:59:59', '2024-06-30 23:59:59.999+00', '00:00:00', '-1 days -00:00:01',
 '"str"', '[1,"2",true,null]', NULL, '\x',
 '{}', '{}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0),
(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

CREATE TABLE people (
  id serial PRIMARY KEY,
  name text NOT NULL,
  email text UNIQUE,
  age integer,
  score numeric(10,2),
  active boolean DEFAULT true,
  tags text[],
  meta jsonb,
  doc json,
  created timestamptz DEFAULT '2024-01-01 00:00:00+00'
);
INSERT INTO people (name, email, age, score, active, tags, meta) VALUES
('Ada', 'ada@example.com', 36, 99.50, true, '{math,code}', '{"lang":"en"}'),
('Bob', 'bob@example.com', 25, 70.00, false, '{}', NULL),
('Cy', 'cy@example.com', 41, NULL, true, NULL, '{"lang":"fr","n":2}'),
('Dee', NULL, NULL, 12.25, NULL, '{x}', '[]'),
('Eve', 'eve@example.com', 30, 88.00, true, '{sec}', '{"lang":"en"}');

CREATE TABLE orders (
  id serial PRIMARY KEY,
  person_id integer REFERENCES people(id),
  amount numeric(10,2)
);
INSERT INTO orders (person_id, amount) VALUES (1, 10.5), (1, 20), (3, 7.25);

CREATE TABLE counters (name text PRIMARY KEY, n integer NOT NULL DEFAULT 0);
INSERT INTO counters VALUES ('a', 1), ('b', 2);

CREATE SCHEMA other;
CREATE TABLE other.items (sku text PRIMARY KEY, qty integer, note text);
INSERT INTO other.items VALUES ('s1', 5, 'first'), ('s2', 0, NULL);
