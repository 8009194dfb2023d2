import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { type HealthProbe, SERVING_PART } from "@bbws/contracts";

/**
 * The live check's `http` part on both providers: GET the site's URL through its real host (the
 * ALB's listener rule on AWS, the reverse proxy locally) and expect WordPress to answer 2xx/3xx.
 * A `*.localhost` host is loopback (RFC 6761): Node's resolver does not know it, so the request
 * goes to 127.0.0.1 with the name in its Host header, as a browser's would.
 */
export function createHttpSiteHealthProbe(): HealthProbe {
  return {
    part: SERVING_PART,
    async check(target, signal) {
      if (!target.url) return { outcome: "fail", detail: "the ledger recorded no URL for the instance" };
      const status = await getStatus(new URL(target.url), signal);
      const detail = `GET ${target.url} answered ${status}`;
      return { outcome: status >= 200 && status < 400 ? "pass" : "fail", detail };
    },
  };
}

function getStatus(url: URL, signal: AbortSignal): Promise<number> {
  const loopback = url.hostname === "localhost" || url.hostname.endsWith(".localhost");
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send({
      host: loopback ? "127.0.0.1" : url.hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: "GET",
      headers: { host: url.host, "user-agent": "bbws-health-check" },
      signal,
    });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", (error) => reject(new Error(`GET ${url.href} failed: ${error.message}`)));
    request.end();
  });
}
