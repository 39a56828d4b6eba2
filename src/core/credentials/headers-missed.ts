import type { Exchange } from "../exchange.ts";
import { isPseudoHeader } from "../headers.ts";

/**
 * webRequest reports a request's headers (onSendHeaders) before any answer comes, so a response
 * seen by webRequest alone without a single request header means the capture missed them: its
 * background was restarted after the request went out, and the headers went to the stopped one.
 * Whether it carried credentials is unknown, so nothing about them is claimed.
 */
export function requestHeadersMissed(x: Exchange): boolean {
  return x.sources.length > 0 && x.sources.every((s) => s === "web-request") && x.request.headers.every(isPseudoHeader);
}
