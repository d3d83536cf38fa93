// Connect and request timeouts for every AWS SDK client. The SDK's Node handler waits forever by
// default, so an endpoint that accepts a connection and never answers would hang a run past its CI
// slot. Kept apart from clients.ts so the CLI can validate them without loading the SDK.
export interface HttpTimeouts {
  connectMs: number;
  requestMs: number;
}

/** 5 s to connect; 60 s without a byte on an open request (AWS answers these APIs in well under a second). */
export const HTTP_TIMEOUTS: HttpTimeouts = { connectMs: 5_000, requestMs: 60_000 };

/** Accepted range for either timeout: below 100 ms every call would fail, above 10 min is a hang. */
export const HTTP_TIMEOUT_RANGE_MS: [number, number] = [100, 600_000];
