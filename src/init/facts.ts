// What `init --from-account` reads from an account, as plain data: the input of the pure scaffolding.
export interface LfTagMap {
  [key: string]: string[];
}
export interface AccountTable {
  name: string;
  columns: { name: string; tags: LfTagMap }[];
}
/** A Lake Formation permission as ListPermissions shows it (only the parts the baseline needs). */
export interface LfPermission {
  principal: string;
  permissions: string[];
  resource:
    | { kind: "table"; database: string; table: string | "*"; columns?: string[]; excluded?: string[] }
    | { kind: "tagPolicy"; resourceType: "DATABASE" | "TABLE"; expression: LfTagMap }
    | { kind: "filter"; database: string; table: string; name: string }
    | { kind: "other" };
}
export interface DataCellsFilter {
  database: string;
  table: string;
  name: string;
  columns?: string[];
  excluded?: string[];
}
export interface DirectoryUser {
  id: string;
  userName: string;
  email?: string;
}
export interface DirectoryGroup {
  id: string;
  name: string;
  members: string[];
}
export interface AccessGrant {
  grantee: { type: "group" | "user" | "iam"; id: string };
  permission: "READ" | "WRITE" | "READWRITE";
  scope: string;
  hasObjects: boolean;
}
export interface AccountFacts {
  database: string;
  tables: AccountTable[];
  permissions: LfPermission[];
  filters: DataCellsFilter[];
  users: DirectoryUser[];
  groups: DirectoryGroup[];
  assignments: { groups: string[]; users: string[] };
  accessGrants: AccessGrant[];
}
