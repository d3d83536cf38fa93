// IAM role identity as IAM reads it: an account and a role name, the name compared case-insensitively
// (IAM refuses two roles whose names differ only in case) and the path ignored, whether the ARN names
// the role or one of its sessions (arn:aws:sts::…:assumed-role/Name/session).

export interface RoleId {
  account: string;
  name: string;
}

export function roleOf(arn: string): RoleId | undefined {
  const m = /^arn:aws[a-z-]*:(?:iam::(\d{12}):role\/(?:.*\/)?([^/]+)|sts::(\d{12}):assumed-role\/([^/]+)\/.*)$/.exec(
    arn,
  );
  return m ? { account: m[1] ?? m[3], name: (m[2] ?? m[4]).toLowerCase() } : undefined;
}

export function sameRole(a: RoleId | undefined, b: RoleId | undefined): boolean {
  return !!a && !!b && a.account === b.account && a.name === b.name;
}
