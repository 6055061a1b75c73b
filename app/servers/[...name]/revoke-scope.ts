/** The revoke form's version value that revokes every published version of the server. */
export const ALL_VERSIONS = "*";
