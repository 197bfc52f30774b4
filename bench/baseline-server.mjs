// Bare baseline for the ingest figure: node:http + better-sqlite3, no framework, no validation
// library. Stores the same kiosk payload (a response row with a unique idempotency key and one row
// per answer) in one transaction, WAL + synchronous=NORMAL like the app. Used by scripts/bench.mjs.
import http from "node:http";
import Database from "better-sqlite3";

const db = new Database(process.env.BASELINE_DB);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(`CREATE TABLE IF NOT EXISTS response (id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, service_point TEXT NOT NULL, channel TEXT NOT NULL, submitted_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answer (id INTEGER PRIMARY KEY, response_id INTEGER NOT NULL REFERENCES response(id), question TEXT NOT NULL, value INTEGER);`);
const find = db.prepare("SELECT id FROM response WHERE idempotency_key = ?");
const insR = db.prepare("INSERT INTO response (idempotency_key, service_point, channel, submitted_at) VALUES (?, ?, ?, ?)");
const insA = db.prepare("INSERT INTO answer (response_id, question, value) VALUES (?, ?, ?)");
const store = db.transaction((b) => {
  const id = Number(insR.run(b.idempotencyKey, b.servicePoint, b.channel, new Date().toISOString()).lastInsertRowid);
  for (const [q, v] of Object.entries(b.answers)) insA.run(id, q, v);
  return id;
});
const server = http.createServer((req, res) => {
  let data = "";
  req.on("data", (c) => (data += c));
  req.on("end", () => {
    try {
      const b = JSON.parse(data);
      const old = find.get(b.idempotencyKey);
      const id = old ? old.id : store(b);
      res.writeHead(old ? 200 : 201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id, replay: !!old }));
    } catch (e) {
      res.writeHead(422, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: String(e) }));
    }
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`LISTENING ${server.address().port}`));
process.on("SIGTERM", () => { db.close(); process.exit(0); });
