/** RAM name, description and duration rules (ram-sts-signing.md §1.2, as the service enforces them). */
import { z } from "zod";

export const roleNameSchema = z
  .string({ message: "is required: 1-64 letters, digits, '.' or '-'" })
  .min(1, { message: "must not be empty: use 1-64 letters, digits, '.' or '-'" })
  .max(64, { message: "is too long: use at most 64 characters" })
  .regex(/^[A-Za-z0-9.-]+$/, { message: "may contain only letters, digits, '.' and '-'" });

export const policyNameSchema = z
  .string({ message: "is required: 1-128 letters, digits or '-'" })
  .min(1, { message: "must not be empty: use 1-128 letters, digits or '-'" })
  .max(128, { message: "is too long: use at most 128 characters" })
  .regex(/^[A-Za-z0-9-]+$/, { message: "may contain only letters, digits and '-'" });

export const ramDescriptionSchema = z
  .string({ message: "must be a string of 1-1024 characters" })
  .min(1, { message: "must not be empty: leave it out or give 1-1024 characters" })
  .max(1024, { message: "is too long: use at most 1024 characters" });

export const maxSessionDurationSchema = z
  .number({ message: "must be a number of seconds from 3600 to 43200" })
  .int({ message: "must be a whole number of seconds from 3600 to 43200" })
  .min(3600, { message: "is too short: use 3600 to 43200 seconds" })
  .max(43200, { message: "is too long: use 3600 to 43200 seconds" });

export const policyTypeSchema = z.enum(["System", "Custom"], { message: "must be System or Custom" });
