// One error type for every emulated service; the server renders it in the protocol the caller speaks.
export type Protocol = "awsJson1_1" | "restJson" | "awsQuery" | "restXml" | "restXmlControl" | "plain";

export interface AwsErrorOptions {
  /** HTTP status; AWS client errors are mostly 400. */
  status?: number;
  /** Extra members of the error shape (AthenaErrorCode, Reason, error, error_description…). */
  fields?: Record<string, unknown>;
  /** Member name for the message in JSON protocols ('message' or 'Message'); null = no message member. */
  messageKey?: "message" | "Message" | null;
  /** "Sender" (client fault) or "Receiver" (server fault), for the query protocol. */
  type?: "Sender" | "Receiver";
}

export class AwsError extends Error {
  override name = "AwsError" as const;
  readonly status: number;
  readonly fields: Record<string, unknown>;
  readonly messageKey: "message" | "Message" | null;
  readonly type: "Sender" | "Receiver";
  constructor(
    readonly code: string,
    message: string,
    opts: AwsErrorOptions = {},
  ) {
    super(message);
    this.status = opts.status ?? 400;
    this.fields = opts.fields ?? {};
    this.messageKey = opts.messageKey === undefined ? "message" : opts.messageKey;
    this.type = opts.type ?? (this.status >= 500 ? "Receiver" : "Sender");
  }
}
