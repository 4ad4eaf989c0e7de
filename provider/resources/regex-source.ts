import { z } from "zod";

/** A regular expression given as text; an invalid one is refused at check rather than failing later. */
export const regexSource = z.string({ message: "must be a regular expression" }).refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: "is not a valid regular expression: escape characters such as ( [ { * + ?" },
);
