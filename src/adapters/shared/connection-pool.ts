// One connection pool for every SDK client a command makes. By default each client builds its own
// handler with its own keep-alive agent, so every persona's Athena and S3 Control clients (and every
// short-lived sign-in client) opened fresh connections: 500 personas meant over a thousand pools,
// a TCP (on AWS, TLS) handshake per client, and sockets held until the end. Connections carry no
// identity (every request is signed on its own), so sharing them between personas is safe.
// A client's destroy() destroys its handler's agents; the pool ignores that and is closed once, by
// whoever made it, so one persona's clean-up cannot cut another's request in flight.
import { Agent as HttpAgent, type AgentOptions } from "node:http";
import { Agent as HttpsAgent } from "node:https";

/**
 * No socket limit of its own: the run's limiters already bound the calls in flight, and a request
 * queued here for a socket would count against its connect timeout and fail (as 256 did, reviewed).
 */
const MAX_SOCKETS = Infinity;

class PooledHttpAgent extends HttpAgent {
  override destroy(): void {}
  close(): void {
    super.destroy();
  }
}
class PooledHttpsAgent extends HttpsAgent {
  override destroy(): void {}
  close(): void {
    super.destroy();
  }
}

export interface ConnectionPool {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
  /** Closes every socket (idle keep-alive sockets are unref'd, so an unclosed pool never holds the process). */
  close(): void;
}

export function connectionPool(): ConnectionPool {
  const o: AgentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS };
  const httpAgent = new PooledHttpAgent(o),
    httpsAgent = new PooledHttpsAgent(o);
  return {
    httpAgent,
    httpsAgent,
    close: () => {
      httpAgent.close();
      httpsAgent.close();
    },
  };
}
