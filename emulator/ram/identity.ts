/** The policies that apply to a RAM user or to a role's sessions, from the account's RAM state. */

import type { PolicyDocument } from "./policy/document";
import { parseStored } from "./policy/cache";
import { defaultDocument, nameKey, type Attachment, type RamState, type RoleRecord } from "./state";

function documentsFor(ram: RamState, attachments: readonly Attachment[]): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  for (const attachment of attachments) {
    const text = defaultDocument(ram, attachment);
    if (text !== undefined) documents.push(parseStored(text, "identity"));
  }
  return documents;
}

export function userPolicies(ram: RamState, userName: string): PolicyDocument[] {
  const user = ram.users[nameKey(userName)];
  return user ? documentsFor(ram, user.attachments) : [];
}

/** A session of a role that was deleted (or deleted and recreated: another RoleId) gets nothing. */
export function rolePolicies(ram: RamState, roleName: string, roleId: string): PolicyDocument[] {
  const role: RoleRecord | undefined = ram.roles[nameKey(roleName)];
  return role && role.roleId === roleId ? documentsFor(ram, role.attachments) : [];
}
