// The project key: 32 random bytes, made in this browser with crypto.getRandomValues, that
// pseudonymize values (HMAC-SHA256: the same value always gives the same token under one key).
// It belongs to the project: "Save project" stores it in the .crmwb file, "Open project" puts it
// back, and the user can export it for a colleague. It never leaves the page otherwise.

let key = null;

/** The project key, made on first use. */
export function projectKey() {
  if (!key) {
    key = new Uint8Array(32);
    crypto.getRandomValues(key);
  }
  return key;
}

/** Whether a key has been made or restored for this project. */
export function hasProjectKey() {
  return key !== null;
}

/** Replaces the project key (from a project file or a key file); it must be 32 bytes. */
export function setProjectKey(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new Error('A project key is 32 bytes; this one is ' +
      (bytes && bytes.length !== undefined ? `${bytes.length} bytes` : 'not a byte array') + '.');
  }
  key = new Uint8Array(bytes);
}

/** Forgets the key (a new file starts a new project). */
export function resetProjectKey() {
  key = null;
}
