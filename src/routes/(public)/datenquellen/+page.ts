// Pure content: rendered on the server only, no hydration payload for old phones.
export const csr = false;
