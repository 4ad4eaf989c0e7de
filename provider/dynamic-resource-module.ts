/** The module part of each type token: `pulumi-nodejs:dynamic/acr:<Type>` today, `pulumi-acr-ee:acr:<Type>` in schema.json. */
export const TYPE_MODULE = "acr";
