// Starts a real local Bluesky network for the connector tests (tests/connectors/conftest.py starts it).
// ATP_MODE=full: PLC + PDS + AppView + Ozone (needs DB_POSTGRES_URL and REDIS_HOST); otherwise PLC + PDS.
// Prints one JSON line {"ready":true,...} when it is up. POST /process-all on ATP_CTRL_PORT makes the
// AppView catch up with the PDS, so tests never race the indexer.
import http from 'node:http'
import { TestNetwork, TestNetworkNoAppView, mockMailer } from '@atproto/dev-env'

const e = process.env
const t0 = Date.now()
const port = (k, d) => Number(e[k] || d)
const network = e.ATP_MODE === 'full'
  ? await TestNetwork.create({
      pds: { port: port('ATP_PDS_PORT', 2583), hostname: 'localhost' },
      bsky: { dbPostgresSchema: 'bsky', port: port('ATP_BSKY_PORT', 2584),
              publicUrl: `http://localhost:${port('ATP_BSKY_PORT', 2584)}` },
      plc: { port: port('ATP_PLC_PORT', 2582) },
      ozone: { port: port('ATP_OZONE_PORT', 2587), chatUrl: 'http://localhost:2590', chatDid: 'did:example:chat' },
    })
  : await TestNetworkNoAppView.create({
      plc: { port: port('ATP_PLC_PORT', 2582) },
      pds: { port: port('ATP_PDS_PORT', 2583), hostname: 'localhost' },
    })
mockMailer(network.pds)

const ctrl = e.ATP_CTRL_PORT && http.createServer(async (req, res) => {
  try {
    if (req.url === '/process-all' && network.processAll) { await network.processAll(); res.end('ok') }
    else { res.statusCode = 404; res.end() }
  } catch (err) { res.statusCode = 500; res.end(String(err)) }
}).listen(Number(e.ATP_CTRL_PORT), '127.0.0.1')

console.log(JSON.stringify({
  ready: true, startup_ms: Date.now() - t0, pds: network.pds.url, plc: network.plc.url,
  bsky: network.bsky?.url ?? null, ozone: network.ozone?.url ?? null,
}))

const stop = async () => {
  if (ctrl) ctrl.close()
  try { await network.close() } finally { process.exit(0) }
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
