// the answer after registering a founding interest: plain content, rendered on the server only
export const csr = false;
