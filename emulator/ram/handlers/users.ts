/**
 * RAM users and their access keys: CreateUser, GetUser, DeleteUser, ListUsers, CreateAccessKey,
 * DeleteAccessKey, ListAccessKeys (ram-sts-signing.md §1.2). Keys made here sign requests at once.
 */

import { newAccessKeyId, newAccessKeySecret, newNumericId } from "../../core/ids";
import type { ServiceContext, ServiceHandler } from "../../core/services";
import { accountOf, arn, pageFields, paginate, stamp } from "../common";
import { ramErrors } from "../errors";
import { RAM_LENGTHS, RAM_LIMITS } from "../limits";
import { nameKey, type AccessKeyRecord, type UserRecord } from "../state";
import { name, optional, required, text } from "../validate";
import { requireUser } from "./lookup";

function userFields(user: UserRecord, full: boolean): Record<string, unknown> {
  return {
    UserId: user.userId,
    UserName: user.userName,
    DisplayName: user.displayName,
    MobilePhone: user.mobilePhone,
    Email: user.email,
    Comments: user.comments,
    CreateDate: user.createDate,
    ...(full ? { UpdateDate: user.updateDate, LastLoginDate: "" } : {}),
  };
}

/** `InvalidParameter.MobilePhone.Format` / `.Email.Format` are emulator-chosen codes. */
function contactFields(ctx: ServiceContext): { mobilePhone: string; email: string } {
  const mobilePhone = optional(ctx.params, "MobilePhone") ?? "";
  if (mobilePhone && !/^\d{1,4}-\d{4,20}$/.test(mobilePhone)) {
    throw ramErrors.invalid("MobilePhone.Format", 'The parameter MobilePhone must look like "86-18600008888".');
  }
  const email = optional(ctx.params, "Email") ?? "";
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw ramErrors.invalid("Email.Format", "The parameter Email is not a valid address.");
  return { mobilePhone, email };
}

const createUser: ServiceHandler = (ctx) => {
  const userName = name(ctx.params, "UserName");
  const displayName = text(ctx.params, "DisplayName", RAM_LENGTHS.displayName) ?? userName;
  const comments = text(ctx.params, "Comments", RAM_LENGTHS.comments) ?? "";
  const contact = contactFields(ctx);
  const account = accountOf(ctx);
  ctx.authorize("ram:CreateUser", arn.user(account.uid, userName));
  const users = account.ram.users;
  if (users[nameKey(userName)]) throw ramErrors.alreadyExists("User", userName);
  if (Object.keys(users).length >= RAM_LIMITS.users) throw ramErrors.limitExceeded("User", "users");
  const now = stamp(ctx);
  const user: UserRecord = {
    userName,
    userId: newNumericId(16),
    displayName,
    ...contact,
    comments,
    createDate: now,
    updateDate: now,
    accessKeys: [],
    attachments: [],
  };
  users[nameKey(userName)] = user;
  ctx.changed();
  return { User: userFields(user, false) };
};

function namedUser(ctx: ServiceContext, action: string): UserRecord {
  const userName = name(ctx.params, "UserName");
  ctx.authorize(action, arn.user(ctx.caller.accountId, userName));
  return requireUser(ctx, userName);
}

const getUser: ServiceHandler = (ctx) => ({ User: userFields(namedUser(ctx, "ram:GetUser"), true) });

const deleteUser: ServiceHandler = (ctx) => {
  const user = namedUser(ctx, "ram:DeleteUser");
  if (user.accessKeys.length > 0) throw ramErrors.deleteConflict("User.AccessKey", "The user has access keys; delete them first.");
  if (user.attachments.length > 0) throw ramErrors.deleteConflict("User.Policy", "The user has attached policies; detach them first.");
  delete accountOf(ctx).ram.users[nameKey(user.userName)];
  ctx.changed();
  return {};
};

const listUsers: ServiceHandler = (ctx) => {
  const account = accountOf(ctx);
  ctx.authorize("ram:ListUsers", arn.user(account.uid, "*"));
  const page = paginate(ctx.params, Object.values(account.ram.users), (u) => `${u.createDate}\n${nameKey(u.userName)}`);
  return {
    ...pageFields(page),
    Users: { User: page.items.map((u) => ({ ...userFields(u, false), UpdateDate: u.updateDate })) },
  };
};

/**
 * The key list a key call works on: the named user's, else the caller's own (a RAM user calling
 * without UserName), else the account owner's (the owner calling without UserName).
 */
function keyHolder(ctx: ServiceContext, action: string): { keys: AccessKeyRecord[]; set(keys: AccessKeyRecord[]): void } {
  const account = accountOf(ctx);
  const userName = optional(ctx.params, "UserName") ?? (ctx.caller.kind === "user" ? ctx.caller.userName : undefined);
  if (userName !== undefined) {
    const checked = name({ UserName: userName }, "UserName");
    ctx.authorize(action, arn.user(account.uid, checked));
    const user = requireUser(ctx, checked);
    return { keys: user.accessKeys, set: (keys) => (user.accessKeys = keys) };
  }
  ctx.authorize(action, `acs:ram::${account.uid}:root`);
  return { keys: account.rootKeys, set: (keys) => (account.rootKeys = keys) };
}

const createAccessKey: ServiceHandler = (ctx) => {
  const holder = keyHolder(ctx, "ram:CreateAccessKey");
  if (holder.keys.length >= RAM_LIMITS.accessKeysPerUser) throw ramErrors.limitExceeded("User.AccessKey", "access keys");
  const key: AccessKeyRecord = {
    accessKeyId: newAccessKeyId(),
    accessKeySecret: newAccessKeySecret(),
    status: "Active",
    createDate: stamp(ctx),
  };
  holder.set([...holder.keys, key]);
  ctx.changed();
  return { AccessKey: { AccessKeyId: key.accessKeyId, AccessKeySecret: key.accessKeySecret, Status: key.status, CreateDate: key.createDate } };
};

const deleteAccessKey: ServiceHandler = (ctx) => {
  const id = required(ctx.params, "UserAccessKeyId");
  const holder = keyHolder(ctx, "ram:DeleteAccessKey");
  if (!holder.keys.some((k) => k.accessKeyId === id)) throw ramErrors.notExist("User.AccessKey", id);
  holder.set(holder.keys.filter((k) => k.accessKeyId !== id));
  ctx.changed();
  return {};
};

const listAccessKeys: ServiceHandler = (ctx) => {
  const holder = keyHolder(ctx, "ram:ListAccessKeys");
  return {
    AccessKeys: {
      AccessKey: holder.keys.map((k) => ({ AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate })),
    },
  };
};

export const userHandlers: Record<string, ServiceHandler> = {
  CreateUser: createUser,
  GetUser: getUser,
  DeleteUser: deleteUser,
  ListUsers: listUsers,
  CreateAccessKey: createAccessKey,
  DeleteAccessKey: deleteAccessKey,
  ListAccessKeys: listAccessKeys,
};
