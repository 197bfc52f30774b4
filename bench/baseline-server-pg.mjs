// Bare baseline for the PostgreSQL ingest figure: node:http + node `pg`, no framework, no validation
// library. Stores the same kiosk payload (a response row with a unique idempotency key and one row
// per answer, in one multi-row insert) in one transaction per request, through a pool of 10
// connections like the app's. Used by scripts/bench.mjs --postgres (BASELINE_PG_URL).
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.BASELINE_PG_URL, max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS response (id bigserial PRIMARY KEY, idempotency_key text NOT NULL UNIQUE, service_point text NOT NULL, channel text NOT NULL, submitted_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS answer (id bigserial PRIMARY KEY, response_id bigint NOT NULL REFERENCES response(id), question text NOT NULL, value integer)`);

async function store(b) {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    const { rows } = await c.query("INSERT INTO response (idempotency_key, service_point, channel, submitted_at) VALUES ($1, $2, $3, now()) RETURNING id", [b.idempotencyKey, b.servicePoint, b.channel]);
    const id = rows[0].id;
    const entries = Object.entries(b.answers);
    await c.query(`INSERT INTO answer (response_id, question, value) VALUES ${entries.map((_, i) => `($1, $${2 * i + 2}, $${2 * i + 3})`).join(", ")}`, [id, ...entries.flat()]);
    await c.query("COMMIT");
    return id;
  } catch (e) {
    await c.query("ROLLBACK");
    throw e;
  } finally {
    c.release();
  }
}

const server = http.createServer((req, res) => {
  let data = "";
  req.on("data", (c) => (data += c));
  req.on("end", async () => {
    try {
      const b = JSON.parse(data);
      const old = await pool.query("SELECT id FROM response WHERE idempotency_key = $1", [b.idempotencyKey]);
      const id = old.rows.length ? old.rows[0].id : await store(b);
      res.writeHead(old.rows.length ? 200 : 201, { "content-type": "application/json" });
      res.end(JSON.stringify({ id, replay: old.rows.length > 0 }));
    } catch (e) {
      res.writeHead(422, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: String(e) }));
    }
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`LISTENING ${server.address().port}`));
process.on("SIGTERM", () => { pool.end().finally(() => process.exit(0)); });
